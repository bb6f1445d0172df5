// When a bridge-point device counts as online, in one place for the status board and the
// bridge-point list. Pure: no clock, no I/O.

/** A device is online when its last heartbeat is younger than this (kiosks beat every ~20 s). */
export const ONLINE_WINDOW_MS = 60_000;

/** True when a paired or pending device sent a heartbeat within the window before `now`. */
export function isOnline(device: { status: string; lastHeartbeatAt: string | null }, now: Date): boolean {
  if (device.status === 'revoked' || device.lastHeartbeatAt === null) return false;
  const age = now.getTime() - Date.parse(device.lastHeartbeatAt);
  return age >= -ONLINE_WINDOW_MS && age < ONLINE_WINDOW_MS;
}
