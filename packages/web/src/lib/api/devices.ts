// Bridge-point devices: the admin's status board, pairing and revoking; and the kiosk's own calls
// made with its device token.
import { api } from './client';
import type {
  DeviceListResponse,
  DevicePair,
  DevicePatch,
  DeviceView,
  KioskHeartbeat,
  KioskMeeting,
  KioskRegisterResponse,
  KioskStateResponse,
} from './contract';

export async function listDevices(signal?: AbortSignal): Promise<DeviceView[]> {
  return (await api<DeviceListResponse>('GET', '/api/devices', signal ? { signal } : {})).devices;
}

export const pairDevice = (body: DevicePair): Promise<unknown> => api('POST', '/api/devices/pair', { body });
export const revokeDevice = (id: string): Promise<unknown> =>
  api('POST', `/api/devices/${encodeURIComponent(id)}/revoke`, { body: {} });
export const updateDevice = (id: string, body: DevicePatch): Promise<unknown> =>
  api('PATCH', `/api/devices/${encodeURIComponent(id)}`, { body });

export const kioskRegister = (): Promise<KioskRegisterResponse> =>
  api('POST', '/api/kiosk/register', { body: { userAgent: navigator.userAgent.slice(0, 300) } });
export const kioskState = (token: string, signal?: AbortSignal): Promise<KioskStateResponse> =>
  api('GET', '/api/kiosk/state', { deviceToken: token, ...(signal ? { signal } : {}) });
export const kioskHeartbeat = (token: string, body: KioskHeartbeat): Promise<unknown> =>
  api('POST', '/api/kiosk/heartbeat', { deviceToken: token, body });

export async function kioskMeetings(token: string, signal?: AbortSignal): Promise<KioskMeeting[]> {
  const r = await api<{ meetings: KioskMeeting[] } | KioskMeeting[]>('GET', '/api/kiosk/meetings', {
    deviceToken: token,
    ...(signal ? { signal } : {}),
  });
  return Array.isArray(r) ? r : r.meetings;
}
