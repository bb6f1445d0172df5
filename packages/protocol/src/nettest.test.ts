// Unit tests of the network test's shared rules: the verdict and its limits, the report schema
// (bad values refused with the field and a clear message), the summary of samples, and the
// pieces of the client runner that need no peer connection.
import { describe, expect, it } from 'vitest';
import {
  NETWORK_REASONS,
  NetTestClientMessage,
  NetTestServerMessage,
  NetworkTestReportSchema,
  legVerdict,
  networkVerdict,
  summarizeNetworkStats,
} from './nettest.js';
import type { NetworkLeg, NetworkTestReport } from './nettest.js';
import { NetTestChannel, iceServersFor, selectedLegRoute } from './nettest-runner.js';
import type { QualitySample, RtcStatsEntry } from './quality.js';

const GOOD: NetworkLeg = Object.freeze({
  status: 'ok',
  rttMs: 42,
  lossPct: 0.4,
  upKbps: 1200,
  downKbps: 900,
  connectMs: 850,
  route: 'host',
  transport: 'udp',
});
const UNAVAILABLE: NetworkLeg = Object.freeze({
  status: 'unavailable',
  error: 'no_turn',
  rttMs: null,
  lossPct: null,
  upKbps: null,
  downKbps: null,
  connectMs: null,
  route: null,
  transport: null,
});
const FAILED: NetworkLeg = Object.freeze({ ...UNAVAILABLE, status: 'failed', error: 'connect_timeout' });

const report = (over: Partial<NetworkTestReport> = {}): NetworkTestReport => ({
  deviceId: 'dev_1',
  meetingId: null,
  trigger: 'manual',
  startedAt: '2026-11-26T02:00:00.000Z',
  hasCamera: true,
  hasMicrophone: true,
  direct: GOOD,
  relay: { ...GOOD, route: 'relay', transport: 'tcp', rttMs: 60 },
  ...over,
});

describe('legVerdict', () => {
  it('ready inside every limit, and exactly at the bitrate limit', () => {
    expect(legVerdict(GOOD, 'direct')).toEqual({ verdict: 'ready', reasons: [] });
    expect(legVerdict({ ...GOOD, upKbps: 300, downKbps: 300 }, 'direct')?.verdict).toBe('ready');
  });

  it('degraded when only audio fits, with each broken limit and its value', () => {
    expect(legVerdict({ ...GOOD, rttMs: 300 }, 'direct')).toEqual({
      verdict: 'degraded',
      reasons: [{ code: 'rtt_high', leg: 'direct', value: 300 }],
    });
    expect(legVerdict({ ...GOOD, lossPct: 7.5, downKbps: 120 }, 'relay')).toEqual({
      verdict: 'degraded',
      reasons: [
        { code: 'loss_high', leg: 'relay', value: 7.5 },
        { code: 'down_low', leg: 'relay', value: 120 },
      ],
    });
    expect(legVerdict({ ...GOOD, upKbps: 64 }, 'direct')?.verdict).toBe('degraded');
  });

  it('failed below the audio limits or without a connection; not judged when not run', () => {
    expect(legVerdict({ ...GOOD, upKbps: 63.9 }, 'direct')?.verdict).toBe('failed');
    expect(legVerdict({ ...GOOD, lossPct: 15 }, 'direct')?.verdict).toBe('failed');
    expect(legVerdict({ ...GOOD, rttMs: 800 }, 'direct')?.verdict).toBe('failed');
    expect(legVerdict(FAILED, 'relay')).toEqual({
      verdict: 'failed',
      reasons: [{ code: 'connect_failed', leg: 'relay' }],
    });
    expect(legVerdict(UNAVAILABLE, 'relay')).toBeNull();
  });
});

describe('networkVerdict', () => {
  it('takes the better leg: a point whose UDP is blocked is ready through TURN, and says so', () => {
    expect(networkVerdict(report({ direct: FAILED }))).toEqual({
      verdict: 'ready',
      reasons: [{ code: 'connect_failed', leg: 'direct' }],
    });
  });

  it('without TURN on the server, the direct leg decides alone', () => {
    expect(networkVerdict(report({ relay: UNAVAILABLE })).verdict).toBe('ready');
    expect(networkVerdict(report({ direct: FAILED, relay: UNAVAILABLE })).verdict).toBe('failed');
    expect(networkVerdict(report({ direct: UNAVAILABLE, relay: UNAVAILABLE })).verdict).toBe('failed');
  });

  it('a point without camera or microphone is at best degraded', () => {
    expect(networkVerdict(report({ hasCamera: false }))).toEqual({
      verdict: 'degraded',
      reasons: [{ code: 'no_camera' }],
    });
    expect(networkVerdict(report({ hasMicrophone: false, direct: FAILED, relay: FAILED })).verdict).toBe(
      'failed',
    );
  });

  it('reason codes are wire strings (brittle on purpose)', () => {
    expect(NETWORK_REASONS).toEqual([
      'connect_failed',
      'rtt_high',
      'loss_high',
      'up_low',
      'down_low',
      'no_camera',
      'no_microphone',
    ]);
  });
});

describe('NetworkTestReportSchema', () => {
  const issue = (body: unknown): { path: string; message: string } | null => {
    const r = NetworkTestReportSchema.safeParse(body);
    if (r.success) return null;
    const first = r.error.issues[0];
    return { path: first?.path.join('.') ?? '', message: first?.message ?? '' };
  };

  it('accepts a good report', () => {
    expect(issue(report())).toBeNull();
    expect(issue(report({ meetingId: 'm_1', trigger: 'auto', relay: UNAVAILABLE }))).toBeNull();
  });

  it('refuses bad values with the field and a clear message', () => {
    expect(issue(report({ direct: { ...GOOD, lossPct: 140 } }))).toEqual({
      path: 'direct.lossPct',
      message: 'must be ≤ 100 %',
    });
    expect(issue(report({ relay: { ...GOOD, rttMs: -3 } }))).toEqual({
      path: 'relay.rttMs',
      message: 'must be ≥ 0 ms',
    });
    expect(issue(report({ direct: { ...GOOD, downKbps: 5e6 } }))).toEqual({
      path: 'direct.downKbps',
      message: 'must be ≤ 1,000,000 kbit/s',
    });
    expect(issue(report({ direct: { ...GOOD, upKbps: null } }))).toEqual({
      path: 'direct.upKbps',
      message: 'required when status is ok',
    });
    expect(issue({ ...report(), startedAt: 'yesterday' })?.path).toBe('startedAt');
    expect(issue({ ...report(), trigger: 'cron' })?.path).toBe('trigger');
    expect(issue({ ...report(), deviceId: '' })?.path).toBe('deviceId');
    expect(issue({ ...report(), direct: { ...GOOD, status: 'great' } })?.path).toBe('direct.status');
    expect(issue({ ...report(), direct: { ...GOOD, rttMs: Number.NaN } })?.path).toBe('direct.rttMs');
  });

  it('pins the signalling wire strings', () => {
    expect(NetTestClientMessage.options.map((o) => o.shape.type.value)).toEqual([
      'nettest.start',
      'nettest.publish',
      'nettest.trickle',
      'nettest.subscribe',
      'nettest.answer',
    ]);
    expect(NetTestServerMessage.options.map((o) => o.shape.type.value)).toEqual([
      'nettest.ready',
      'nettest.publish.answer',
      'nettest.subscribe.offer',
      'nettest.subscribed',
      'nettest.error',
    ]);
  });
});

describe('summarizeNetworkStats', () => {
  const s = (over: Partial<QualitySample>): QualitySample => ({
    sendKbps: 0,
    recvKbps: 0,
    lossPct: 0,
    rttMs: null,
    availableOutgoingKbps: null,
    ...over,
  });

  it('nothing measured: all null', () => {
    expect(summarizeNetworkStats([])).toEqual({ rttMs: null, lossPct: null, upKbps: null, downKbps: null });
  });

  it('median RTT, mean loss over all, bitrates from the second half only', () => {
    const samples = [
      s({ rttMs: 900, sendKbps: 100, recvKbps: 50, lossPct: 0, availableOutgoingKbps: 300 }),
      s({ rttMs: 20, sendKbps: 200, recvKbps: 150, lossPct: 3, availableOutgoingKbps: 500 }),
      s({ rttMs: 22, sendKbps: 600, recvKbps: 580, lossPct: 0, availableOutgoingKbps: 1500 }),
      s({ rttMs: 24, sendKbps: 700, recvKbps: 690, lossPct: 1, availableOutgoingKbps: 1700 }),
    ];
    expect(summarizeNetworkStats(samples)).toEqual({ rttMs: 23, lossPct: 1, upKbps: 1600, downKbps: 635 });
  });

  it('up is what was sent when the estimate is missing or lower', () => {
    const samples = [s({ sendKbps: 400, recvKbps: 380, rttMs: 10, availableOutgoingKbps: 250 })];
    expect(summarizeNetworkStats(samples)).toMatchObject({ upKbps: 400, downKbps: 380, rttMs: 10 });
  });
});

describe('runner pieces', () => {
  it('direct legs get STUN only, relay legs TURN only', () => {
    const servers = [
      { urls: 'stun:stun.example.test:3478' },
      { urls: ['turn:127.0.0.1:3478?transport=udp', 'turns:ward.test:5349'], username: 'u', credential: 'c' },
    ];
    expect(iceServersFor('direct', servers)).toEqual([{ urls: ['stun:stun.example.test:3478'] }]);
    expect(iceServersFor('relay', servers)).toEqual([
      { urls: ['turn:127.0.0.1:3478?transport=udp', 'turns:ward.test:5349'], username: 'u', credential: 'c' },
    ]);
  });

  it('reads the selected route: a relay is reported with how TURN was reached', () => {
    const entries: RtcStatsEntry[] = [
      { id: 'L1', type: 'local-candidate', candidateType: 'relay', protocol: 'udp', relayProtocol: 'tcp' },
      { id: 'L2', type: 'local-candidate', candidateType: 'host', protocol: 'udp' },
      { id: 'P2', type: 'candidate-pair', localCandidateId: 'L2', nominated: false, state: 'succeeded' },
      { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', nominated: true, state: 'succeeded' },
    ];
    expect(selectedLegRoute({ forEach: (cb) => entries.forEach(cb) })).toEqual({
      route: 'relay',
      transport: 'tcp',
    });
    expect(selectedLegRoute({ forEach: () => undefined })).toEqual({ route: null, transport: null });
  });

  it('the channel hands messages in order, turns nettest.error into a rejection, and times out', async () => {
    const sent: string[] = [];
    const ch = new NetTestChannel(
      (t) => sent.push(t),
      () => undefined,
    );
    ch.send({ type: 'nettest.subscribe' });
    expect(sent).toEqual(['{"type":"nettest.subscribe"}']);
    ch.push('{"type":"nettest.subscribed"}');
    ch.push('not json');
    await expect(ch.expect('nettest.subscribed', 100)).resolves.toEqual({ type: 'nettest.subscribed' });
    const waiting = ch.expect('nettest.ready', 1000);
    ch.push(JSON.stringify({ type: 'nettest.error', code: 'unauthorized', message: 'not paired' }));
    await expect(waiting).rejects.toThrow('unauthorized');
    await expect(ch.expect('nettest.ready', 20)).rejects.toThrow('timeout_nettest.ready');
    const pending = ch.expect('nettest.ready', 1000);
    ch.end();
    await expect(pending).rejects.toThrow('socket_closed');
  });
});
