// Pure helpers for the moderator's lobby panel: who newly arrived, and how long each guest waited.
import type { LobbyGuest } from './room-reducer';

/** Guests in `next` who were not in `prev` (to announce them once). */
export function lobbyArrivals(prev: readonly LobbyGuest[], next: readonly LobbyGuest[]): LobbyGuest[] {
  const known = new Set(prev.map((g) => g.id));
  return next.filter((g) => !known.has(g.id));
}

/** Whole minutes a guest has waited (never negative, whatever the clocks say). */
export function waitedMinutes(since: string, now: number): number {
  const ms = now - Date.parse(since);
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 60_000)) : 0;
}
