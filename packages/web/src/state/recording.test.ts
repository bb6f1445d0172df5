// The room reducer's recording state: the indicator follows `recording.state`, and the consent
// notice shows once, the first time the meeting is recorded, until dismissed.
import { describe, expect, it } from 'vitest';
import { initialRoomState, roomReducer, type RoomState } from './room-reducer';

const rec = (recording: boolean): Parameters<typeof roomReducer>[1] => ({
  type: 'server',
  msg: { type: 'recording.state', recording, since: recording ? '2026-11-26T01:02:03.000Z' : null },
});

describe('recording state in the room', () => {
  it('turns the indicator on and off and shows the consent notice once', () => {
    let s: RoomState = initialRoomState();
    expect([s.recording.on, s.recordingConsent]).toEqual([false, 'none']);
    s = roomReducer(s, rec(true));
    expect(s.recording).toEqual({ on: true, since: '2026-11-26T01:02:03.000Z' });
    expect(s.recordingConsent).toBe('show');
    s = roomReducer(s, { type: 'dismissRecordingConsent' });
    s = roomReducer(s, rec(false));
    expect([s.recording.on, s.recordingConsent]).toEqual([false, 'dismissed']);
    s = roomReducer(s, rec(true));
    expect([s.recording.on, s.recordingConsent]).toEqual([true, 'dismissed']);
  });
});
