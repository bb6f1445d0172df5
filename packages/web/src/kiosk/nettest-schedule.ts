// When a kiosk runs its network test by itself: a meeting it is invited to starts within the next
// 30 minutes and no test ran in the last 60. Pure: the hook passes the clock and the last run.
import type { KioskMeeting } from '../lib/api/contract';
import { startOf } from '../lib/occurrence';

/** Test automatically when an invited meeting starts within this long. */
export const AUTO_TEST_LEAD_MS = 30 * 60_000;
/** …unless a test (automatic or on demand) ran this recently. */
export const AUTO_TEST_EVERY_MS = 60 * 60_000;

/**
 * The meeting an automatic test is due for now, or null: the earliest one that has not started
 * yet and starts within AUTO_TEST_LEAD_MS, when the last test (or attempt) is older than
 * AUTO_TEST_EVERY_MS. NOTE: a meeting that has started is left alone; testing then would take
 * the camera while people may be joining.
 */
export function networkTestDue(
  meetings: readonly KioskMeeting[],
  now: Date,
  lastRunAt: string | null,
): KioskMeeting | null {
  if (lastRunAt !== null && now.getTime() - Date.parse(lastRunAt) < AUTO_TEST_EVERY_MS) return null;
  const soon = meetings
    .map((m) => ({ m, inMs: Date.parse(startOf(m)) - now.getTime() }))
    .filter(({ m, inMs }) => m.status !== 'cancelled' && inMs > 0 && inMs <= AUTO_TEST_LEAD_MS)
    .sort((a, b) => a.inMs - b.inMs);
  return soon[0]?.m ?? null;
}
