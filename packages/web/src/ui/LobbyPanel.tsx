// The moderator's lobby: "Phòng chờ (N)" with each waiting guest (name, bridge point, how long they
// have waited) and large "Cho vào" / "Từ chối" buttons; new arrivals are announced politely.
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { SignallingError } from '../lib/signalling-client';
import { lobbyArrivals, waitedMinutes } from '../state/lobby';
import type { LobbyGuest } from '../state/room-reducer';
import { UsersIcon } from './icons';

interface LobbyPanelProps {
  guests: LobbyGuest[];
  onAdmit: (id: string) => Promise<void>;
  onReject: (id: string) => Promise<void>;
  onError: (code: string, message: string) => void;
}

/** Re-renders every `ms` so waiting times stay current. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * Announces guests who just arrived, once each, in a polite live region. Mounted for moderators
 * whether or not anyone waits, so that the region exists before its first message.
 */
export function LobbyAnnouncer({ guests }: { guests: LobbyGuest[] }): ReactElement {
  const { t } = useTranslation();
  const prev = useRef<LobbyGuest[]>([]);
  const [text, setText] = useState('');
  useEffect(() => {
    const arrived = lobbyArrivals(prev.current, guests);
    prev.current = guests;
    if (arrived.length > 0)
      setText(t('lobby.arrived', { names: arrived.map((g) => g.name).join(', '), count: guests.length }));
  }, [guests, t]);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="lobby-announcement">
      {text}
    </div>
  );
}

export function LobbyPanel({ guests, onAdmit, onReject, onError }: LobbyPanelProps): ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const listId = useId();
  const panel = useRef<HTMLElement>(null);
  const now = useNow(15_000);
  const count = guests.length;

  // A new guest reopens a collapsed panel.
  const lastCount = useRef(count);
  useEffect(() => {
    if (count > lastCount.current) setOpen(true);
    lastCount.current = count;
  }, [count]);

  // NOTE: the decided row disappears with its focused button; keep keyboard users in the panel.
  const restoreFocus = useRef(false);
  useEffect(() => {
    const root = panel.current;
    if (!restoreFocus.current || !root) return;
    const active = document.activeElement;
    if (root.contains(active) && !(active instanceof HTMLButtonElement && active.disabled)) return;
    restoreFocus.current = false;
    const next =
      root.querySelector<HTMLElement>('[data-testid="lobby-admit"]:not(:disabled)') ??
      root.querySelector<HTMLElement>('.lobby-panel__toggle');
    next?.focus();
  }, [guests]);

  const decide = (id: string, admit: boolean): void => {
    setBusy((b) => new Set(b).add(id));
    restoreFocus.current = panel.current?.contains(document.activeElement) ?? false;
    (admit ? onAdmit(id) : onReject(id))
      .catch((err: unknown) => {
        const code = err instanceof SignallingError ? err.code : 'internal';
        onError(code, err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        setBusy((b) => {
          const next = new Set(b);
          next.delete(id);
          return next;
        });
      });
  };

  return (
    <aside className="lobby-panel" aria-label={t('lobby.panelLabel')} data-testid="lobby-panel" ref={panel}>
      <button
        type="button"
        className="lobby-panel__toggle"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        <UsersIcon />
        <span>{t('lobby.title', { count })}</span>
        <span className="lobby-panel__chevron" aria-hidden="true">
          {open ? '▴' : '▾'}
        </span>
      </button>
      <ul id={listId} className="lobby-panel__list" hidden={!open}>
        {guests.map((g) => {
          const minutes = waitedMinutes(g.since, now);
          const pending = busy.has(g.id);
          return (
            <li key={g.id} className="lobby-guest" data-testid="lobby-guest" data-guest-id={g.id}>
              <div className="lobby-guest__who">
                <span className="lobby-guest__name">{g.name}</span>
                {g.bridgePoint && <span className="lobby-guest__bp">{g.bridgePoint}</span>}
                <span className="lobby-guest__since">
                  {minutes < 1 ? t('lobby.justArrived') : t('lobby.waitedMinutes', { count: minutes })}
                </span>
              </div>
              <div className="lobby-guest__actions">
                <button
                  type="button"
                  className="btn btn--primary btn--large"
                  disabled={pending}
                  aria-label={t('lobby.admitLabel', { name: g.name })}
                  onClick={() => decide(g.id, true)}
                  data-testid="lobby-admit"
                >
                  {t('lobby.admit')}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--large"
                  disabled={pending}
                  aria-label={t('lobby.rejectLabel', { name: g.name })}
                  onClick={() => decide(g.id, false)}
                  data-testid="lobby-reject"
                >
                  {t('lobby.reject')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
