// HTTP calls to our server: the meeting's public info shown before joining.
import { MeetingInfo } from '@diemcau/protocol';

export type MeetingLookup =
  { ok: true; meeting: MeetingInfo } | { ok: false; code: 'meeting_not_found' | 'network' | 'bad_response' };

/** GET /api/meetings/:id. Never throws. */
export async function fetchMeeting(meetingId: string, signal?: AbortSignal): Promise<MeetingLookup> {
  let res: Response;
  try {
    res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}`, {
      headers: { accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
  } catch {
    return { ok: false, code: 'network' };
  }
  if (res.status === 404) return { ok: false, code: 'meeting_not_found' };
  if (!res.ok) return { ok: false, code: 'network' };
  try {
    const parsed = MeetingInfo.safeParse(await res.json());
    return parsed.success ? { ok: true, meeting: parsed.data } : { ok: false, code: 'bad_response' };
  } catch {
    return { ok: false, code: 'bad_response' };
  }
}
