// Where a kiosk keeps its device token: localStorage of the room PC, under one key.
const KEY = 'diemcau.kiosk.token';

export function loadDeviceToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveDeviceToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(KEY, token);
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode: the kiosk pairs again after a restart.
  }
}
