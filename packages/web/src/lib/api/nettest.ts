// The pre-meeting network test: the kiosk's report (device token) and the readiness tables of a
// meeting (its editors) and of every bridge point (admins).
import { api } from './client';
import type { NetworkTestReport, NetworkTestView, ReadinessResponse, ReadinessRow } from './contract';

export const postNetworkTest = (token: string, body: NetworkTestReport): Promise<NetworkTestView> =>
  api('POST', '/api/kiosk/network-tests', { deviceToken: token, body });

export async function meetingReadiness(meetingId: string, signal?: AbortSignal): Promise<ReadinessRow[]> {
  const path = `/api/meetings/${encodeURIComponent(meetingId)}/readiness`;
  return (await api<ReadinessResponse>('GET', path, signal ? { signal } : {})).rows;
}

export async function devicesReadiness(signal?: AbortSignal): Promise<ReadinessRow[]> {
  return (await api<ReadinessResponse>('GET', '/api/devices/readiness', signal ? { signal } : {})).rows;
}
