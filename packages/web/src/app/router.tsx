// Client-side navigation on the History API: the current location as a React store, navigate(),
// and <Link> that keeps ordinary links (new tab, copy address) working.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactElement } from 'react';

const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((l) => l());

function subscribe(l: () => void): () => void {
  listeners.add(l);
  window.addEventListener('popstate', l);
  return () => {
    listeners.delete(l);
    window.removeEventListener('popstate', l);
  };
}

const snapshot = (): string => window.location.pathname + window.location.search;

/** The current path and query, re-rendering on navigation. */
export const useLocation = (): string => useSyncExternalStore(subscribe, snapshot, snapshot);

/** Goes to an in-app path without reloading; moves focus to the page's main heading. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
  // NOTE: a screen reader hears nothing on a client-side route change; focusing the new page's
  // h1 (tabIndex -1) announces it, as a real page load would.
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, ...rest }: LinkProps): ReactElement {
  const click = (e: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click} {...rest} />;
}
