// quality.report in the signalling session: the latest sample is kept on the participant, a client
// counts at most once per 2 s, and the monitoring hooks see frames, connections and samples.
import { parseServerMessage } from '@diemcau/protocol';
import type { QualitySample, ServerMessage } from '@diemcau/protocol';
import { silentLogger } from '@diemcau/media';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../auth/context.js';
import { harness, MEETING } from '../testing/fake-clients.js';
import { openAdmission } from './admission.js';
import { Connection, QUALITY_MIN_INTERVAL_MS } from './connection.js';

const SAMPLE: QualitySample = {
  sendKbps: 700,
  recvKbps: 1200,
  lossPct: 0,
  rttMs: 25,
  availableOutgoingKbps: 1800,
};

describe('quality.report', () => {
  it('keeps the latest sample, one per 2 s, and tells the observer', async () => {
    const { hub } = harness();
    let now = 1_000;
    const received: ServerMessage[] = [];
    const frames: string[] = [];
    const samples: QualitySample[] = [];
    let connections = 0;
    const connection = new Connection(
      {
        send: (text) => {
          const parsed = parseServerMessage(text);
          if (parsed.ok) received.push(parsed.value);
        },
        close: () => {},
      },
      {
        hub,
        admission: openAdmission,
        auth: ANONYMOUS,
        iceServers: () => [],
        log: silentLogger,
        now: () => now,
        observer: {
          connections: (d) => (connections += d),
          frameHandled: (type, seconds) => {
            expect(seconds).toBeGreaterThanOrEqual(0);
            frames.push(type);
          },
          qualityReported: (s) => samples.push(s),
        },
      },
    );
    expect(connections).toBe(1);
    const send = (m: object): Promise<void> => connection.receive(JSON.stringify(m));
    await send({ type: 'join', rid: 'j', meetingId: MEETING.id, name: 'Khu phố 4' });
    const id = connection.participantId ?? '';
    const room = await hub.room(MEETING.id);

    await send({ type: 'quality.report', sample: SAMPLE });
    now += QUALITY_MIN_INTERVAL_MS - 1;
    await send({ type: 'quality.report', sample: { ...SAMPLE, lossPct: 30 } });
    expect(received.at(-1)).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(room.qualitySamples()).toEqual([{ participantId: id, sample: SAMPLE, atMs: 1_000 }]);

    now += 1;
    await send({ type: 'quality.report', sample: { ...SAMPLE, lossPct: 3 } });
    expect(room.qualitySamples()[0]?.sample.lossPct).toBe(3);
    expect(samples.map((s) => s.lossPct)).toEqual([0, 3]);
    await connection.receive('{');
    expect(frames).toEqual(['join', 'quality.report', 'quality.report', 'quality.report', 'invalid']);

    await connection.closed();
    await connection.closed();
    expect(connections).toBe(0);
    expect(room.qualitySamples()).toEqual([]);
  });
});
