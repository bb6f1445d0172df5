// The kiosk's decisions, free of React: which meeting is live or next, when an automatic join is
// due, and the pairing code spaced for reading aloud.
import type { KioskMeeting } from '../lib/api/contract';
import { startOf } from '../lib/occurrence';

/** Seconds of visible countdown before an automatic join. */
export const AUTO_JOIN_COUNTDOWN_S = 10;

/** The live meeting (the earliest live one), or null. */
export function liveMeeting(list: readonly KioskMeeting[]): KioskMeeting | null {
  return (
    [...list].filter((m) => m.live).sort((a, b) => Date.parse(startOf(a)) - Date.parse(startOf(b)))[0] ?? null
  );
}

/**
 * True when an automatic join should start now: the meeting is live, its start has come (auto
 * join waits for the start time, not the 15-minute early window) and the user did not cancel it.
 */
export function autoJoinDue(m: KioskMeeting | null, now: Date, cancelledFor: string | null): boolean {
  if (!m?.live) return false;
  if (cancelledFor === `${m.id}@${startOf(m)}`) return false;
  return now.getTime() >= Date.parse(startOf(m));
}

/** "ABC234" → "ABC 234" (easier to read aloud over the phone). */
export const spacedCode = (code: string): string =>
  code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
