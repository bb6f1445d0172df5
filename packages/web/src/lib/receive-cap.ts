// The admin's receive-bandwidth cap field of a bridge point: empty means no cap.
import { RECEIVE_CAP_KBPS } from '@diemcau/protocol';

/** The field's value: null when empty, the number when whole and in range, else undefined. */
export function parseReceiveCap(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n >= RECEIVE_CAP_KBPS.min && n <= RECEIVE_CAP_KBPS.max ? n : undefined;
}
