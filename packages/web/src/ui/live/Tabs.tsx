// Accessible tabs (WAI-ARIA tabs pattern): arrow keys, Home and End move between tabs; the chosen
// panel is the only one rendered. A badge carries a count ("Phát biểu 3").
import { useId, useRef, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';

export interface TabSpec<K extends string> {
  key: K;
  label: string;
  badge?: number | string | null;
  /** Draws attention (a new vote to answer). */
  alert?: boolean;
}

interface TabsProps<K extends string> {
  label: string;
  tabs: TabSpec<K>[];
  active: K;
  onChange: (key: K) => void;
  children: ReactNode;
  className?: string;
}

export function Tabs<K extends string>({
  label,
  tabs,
  active,
  onChange,
  children,
  className,
}: TabsProps<K>): ReactElement {
  const id = useId();
  const list = useRef<HTMLDivElement>(null);
  const onKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    const i = tabs.findIndex((t) => t.key === active);
    let next = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next === -1) return;
    e.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    onChange(tab.key);
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div className={`tabs ${className ?? ''}`}>
      <div className="tabs__list" role="tablist" aria-label={label} ref={list}>
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`${id}-tab-${t.key}`}
            aria-selected={t.key === active}
            aria-controls={`${id}-panel`}
            tabIndex={t.key === active ? 0 : -1}
            className="tabs__tab"
            data-alert={t.alert === true}
            data-testid={`tab-${t.key}`}
            onClick={() => onChange(t.key)}
            onKeyDown={onKey}
          >
            {t.label}
            {t.badge !== undefined && t.badge !== null && t.badge !== 0 && (
              <span className="tabs__badge">{t.badge}</span>
            )}
          </button>
        ))}
      </div>
      <div
        className="tabs__panel"
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${active}`}
        tabIndex={0}
      >
        {children}
      </div>
    </div>
  );
}
