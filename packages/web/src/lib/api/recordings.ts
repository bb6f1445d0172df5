// Recording calls: a meeting's recordings with their processing progress.
import type { RecordingListResponse, RecordingView } from '@diemcau/protocol';
import { api } from './client';

export async function listRecordings(meetingId: string, signal?: AbortSignal): Promise<RecordingView[]> {
  const r = await api<RecordingListResponse>(
    'GET',
    `/api/meetings/${encodeURIComponent(meetingId)}/recordings`,
    signal ? { signal } : {},
  );
  return r.recordings;
}
