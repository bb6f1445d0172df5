// The receive adaptation policy without I/O: the downlink estimate's reactions to reports, and the
// plans it leads to, step by step down the ladder.
import type { QualitySample } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COSTS,
  INITIAL_DOWNLINK,
  layerForTile,
  planReceive,
  qualityLevel,
  updateDownlink,
  type PlanInput,
  type RemoteFeeds,
} from './adaptation.js';

const sample = (over: Partial<QualitySample> = {}): QualitySample => ({
  sendKbps: 500,
  recvKbps: 2000,
  lossPct: 0,
  rttMs: 20,
  availableOutgoingKbps: null,
  ...over,
});

const cam = (participantId: string, screen = false): RemoteFeeds => ({
  participantId,
  camera: { audio: true, video: true },
  screen,
});

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  remotes: [cam('a'), cam('b'), cam('c')],
  activeSpeakerId: 'b',
  tiles: null,
  requested: new Map(),
  audioOnly: false,
  estimateKbps: null,
  capKbps: null,
  // Round numbers, so that the expected plans below can be checked by hand.
  costs: { audioKbps: 45, layerKbps: [150, 500, 1200], screenKbps: 400, mixKbps: 45 },
  ...over,
});

describe('updateDownlink', () => {
  it('knows no limit until congestion shows', () => {
    const s = updateDownlink(INITIAL_DOWNLINK, sample());
    expect(s.estimateKbps).toBeNull();
    expect(s.minRttMs).toBe(20);
  });

  it('heavy loss sets the estimate just under what arrived', () => {
    const s = updateDownlink(INITIAL_DOWNLINK, sample({ recvKbps: 150, lossPct: 60, rttMs: 300 }));
    expect(s.estimateKbps).toBe(128);
  });

  it('moderate loss counts as congestion only when the RTT grows', () => {
    const base = updateDownlink(INITIAL_DOWNLINK, sample({ rttMs: 20 }));
    const flat = updateDownlink(base, sample({ recvKbps: 1800, lossPct: 10, rttMs: 25 }));
    expect(flat.estimateKbps).toBeNull();
    const queued = updateDownlink(base, sample({ recvKbps: 800, lossPct: 10, rttMs: 120 }));
    expect(queued.estimateKbps).toBe(680);
  });

  it('lossy but uncongested lines hold the estimate; clean reports raise it until unlimited', () => {
    let s = updateDownlink(INITIAL_DOWNLINK, sample({ recvKbps: 200, lossPct: 50 }));
    expect(s.estimateKbps).toBe(170);
    s = updateDownlink(s, sample({ recvKbps: 160, lossPct: 10 }));
    expect(s.estimateKbps).toBe(170);
    // Up to just under what the line carried when it congested (200), not above it yet.
    s = updateDownlink(s, sample({ recvKbps: 160, lossPct: 0 }));
    expect(s.estimateKbps).toBe(190);
    s = updateDownlink(s, sample({ recvKbps: 160, lossPct: 0 }));
    expect(s.estimateKbps).toBe(190);
    for (let i = 0; i < 40 && s.estimateKbps !== null; i++) s = updateDownlink(s, sample());
    expect(s.estimateKbps).toBeNull();
  });

  it('a probe above the ceiling that congests doubles the hold before the next one', () => {
    let s = updateDownlink(INITIAL_DOWNLINK, sample({ recvKbps: 200, lossPct: 50 }));
    for (let i = 0; i < 12; i++) s = updateDownlink(s, sample({ recvKbps: 150 }));
    expect(s.estimateKbps).toBeGreaterThan(200);
    s = updateDownlink(s, sample({ recvKbps: 210, lossPct: 30 }));
    expect(s).toMatchObject({ ceilingKbps: 210, holdReports: 24, cleanReports: 0 });
    for (let i = 0; i < 23; i++) s = updateDownlink(s, sample({ recvKbps: 150 }));
    expect(s.estimateKbps).toBe(200);
  });

  it('the first sample after joining (partial) sets its ceiling as if media flowed 4/5 of it', () => {
    const s = updateDownlink(INITIAL_DOWNLINK, sample({ recvKbps: 90, lossPct: 22, partial: true }));
    expect(s).toMatchObject({ estimateKbps: 77, ceilingKbps: 113 });
    // So clean reports may take it to 0.95 × 113, where a whole sample would hold it at 0.95 × 90.
    let next = updateDownlink(s, sample({ recvKbps: 35 }));
    next = updateDownlink(next, sample({ recvKbps: 35 }));
    expect(next.estimateKbps).toBe(107);
    let whole = updateDownlink(INITIAL_DOWNLINK, sample({ recvKbps: 90, lossPct: 22 }));
    whole = updateDownlink(updateDownlink(whole, sample({ recvKbps: 35 })), sample({ recvKbps: 35 }));
    expect(whole.estimateKbps).toBe(86);
  });

  it('never goes below the floor that keeps audio alive', () => {
    const s = updateDownlink(INITIAL_DOWNLINK, sample({ recvKbps: 5, lossPct: 90 }));
    expect(s.estimateKbps).toBe(60);
  });
});

describe('layerForTile', () => {
  it('picks the layer by the tile height (as 16:9)', () => {
    expect(layerForTile(320, 180)).toBe(0);
    expect(layerForTile(640, 360)).toBe(1);
    expect(layerForTile(1280, 720)).toBe(2);
    expect(layerForTile(1000, 200)).toBe(2); // wide strip: the width decides
  });
});

describe('planReceive', () => {
  it('without a limit, every camera at the layer its tile wants', () => {
    const tiles = new Map([
      ['a', { width: 320, height: 180 }],
      ['b', { width: 1280, height: 720 }],
      ['c', { width: 640, height: 360 }],
    ]);
    const plan = planReceive(input({ tiles }));
    expect(Object.fromEntries(plan.cameras)).toEqual({ a: 0, b: 2, c: 1 });
    expect(plan.mode).toBe('full');
    expect(plan.reason).toBe('none');
  });

  it('a camera the client does not show gets no video; without a layout, the requested layer', () => {
    const shown = planReceive(input({ tiles: new Map([['b', { width: 640, height: 360 }]]) }));
    expect(Object.fromEntries(shown.cameras)).toEqual({ a: null, b: 1, c: null });
    const requested = planReceive(input({ requested: new Map([['a', 0 as const]]) }));
    expect(Object.fromEntries(requested.cameras)).toEqual({ a: 0, b: 2, c: 2 });
  });

  it('lowers others first, layer by layer, then the speaker', () => {
    // 3 × 45 audio + 1200 × 3 is too much for 2100: a and c go down first.
    const plan = planReceive(input({ estimateKbps: 2100 }));
    expect(Object.fromEntries(plan.cameras)).toEqual({ a: 0, b: 2, c: 1 });
    expect(plan.mode).toBe('reduced');
    expect(plan.reason).toBe('bandwidth');
    const tighter = planReceive(input({ estimateKbps: 1000 }));
    expect(Object.fromEntries(tighter.cameras)).toEqual({ a: 0, b: 1, c: 0 });
    expect(tighter.costKbps).toBe(935);
  });

  it('then keeps only the speaker, then audio only; audio is never dropped', () => {
    const speakerOnly = planReceive(input({ estimateKbps: 300 }));
    expect(Object.fromEntries(speakerOnly.cameras)).toEqual({ a: null, b: 0, c: null });
    expect(speakerOnly.mode).toBe('speaker_only');
    expect(speakerOnly.costKbps).toBe(3 * 45 + 150);
    const audio = planReceive(input({ estimateKbps: 150 }));
    expect(Object.fromEntries(audio.cameras)).toEqual({ a: null, b: null, c: null });
    expect(audio.mode).toBe('audio_only');
    expect(audio.costKbps).toBe(135);
  });

  it('counts the mix as one audio stream, which leaves room for the speaker', () => {
    // Per speaker: 3 × 45 + 150 > 200, audio only; on the mix: 45 + 150 fits.
    expect(planReceive(input({ estimateKbps: 200 })).mode).toBe('audio_only');
    const mixed = planReceive(input({ estimateKbps: 200, mixedAudio: true }));
    expect(Object.fromEntries(mixed.cameras)).toEqual({ a: null, b: 0, c: null });
    expect(mixed.mode).toBe('speaker_only');
    expect(mixed.costKbps).toBe(195);
  });

  it('a 150 kbit/s line keeps the speaker at the lowest layer next to its audio', () => {
    // What such a line carried while it congested (with headers, as clients count), then clean.
    let line = updateDownlink(INITIAL_DOWNLINK, sample({ recvKbps: 140, lossPct: 30, rttMs: 120 }));
    const plan = (over: Partial<PlanInput>) =>
      planReceive({ ...input(over), estimateKbps: line.estimateKbps, costs: DEFAULT_COSTS });
    const one = { remotes: [cam('speaker')], activeSpeakerId: 'speaker' };
    // Backed off to 85 % of it: audio only at first...
    expect(plan(one).mode).toBe('audio_only');
    // ...then one clean report later the picture fits under the ceiling.
    line = updateDownlink(line, sample({ recvKbps: 60 }));
    expect(Object.fromEntries(plan(one).cameras)).toEqual({ speaker: 0 });
    expect(plan(one).costKbps).toBeLessThanOrEqual(line.estimateKbps ?? 0);
    // Three voices (3 × 58) do not fit: until the mix is up, only the speaker is heard...
    const three = { remotes: [cam('a'), cam('speaker'), cam('c')], activeSpeakerId: 'speaker' };
    expect([...plan(three).heldAudio].sort()).toEqual(['a', 'c']);
    // ...and on the mix everyone is, next to the speaker's picture.
    const mixed = plan({ ...three, mixedAudio: true });
    expect(Object.fromEntries(mixed.cameras)).toEqual({ a: null, speaker: 0, c: null });
    expect(mixed.costKbps).toBe(50 + 66);
  });

  it("holds back every voice but the speaker's when not even the audio fits, never the speaker", () => {
    // 3 × 45 of audio over a budget of 100: a and c wait (for the mix), b, who speaks, is heard.
    const tight = planReceive(input({ estimateKbps: 100 }));
    expect([...tight.heldAudio].sort()).toEqual(['a', 'c']);
    expect(tight.mode).toBe('audio_only');
    expect(tight.costKbps).toBe(45);
    // Room for every voice: nobody is held.
    expect(planReceive(input({ estimateKbps: 140 })).heldAudio.size).toBe(0);
    // Nobody speaks: nobody to prefer, nobody held.
    expect(planReceive(input({ estimateKbps: 100, activeSpeakerId: null })).heldAudio.size).toBe(0);
    // On the mix, per-speaker audio is all held (the mix carries it).
    expect(planReceive(input({ estimateKbps: 100, mixedAudio: true })).heldAudio.size).toBe(3);
  });

  it('drops screens after other cameras but before the speaker', () => {
    const plan = planReceive(input({ remotes: [cam('a', true), cam('b')], estimateKbps: 400 }));
    expect(plan.screens.size).toBe(0);
    expect(Object.fromEntries(plan.cameras)).toEqual({ a: null, b: 0 });
    const roomy = planReceive(input({ remotes: [cam('a', true), cam('b')], estimateKbps: 700 }));
    expect([...roomy.screens]).toEqual(['a']);
  });

  it('the bridge point cap limits like a slow line, and says so', () => {
    const plan = planReceive(input({ capKbps: 300 }));
    expect(plan.mode).toBe('speaker_only');
    expect(plan.reason).toBe('cap');
    expect(plan.budgetKbps).toBe(300);
    const both = planReceive(input({ capKbps: 300, estimateKbps: 150 }));
    expect(both.reason).toBe('bandwidth');
    expect(both.budgetKbps).toBe(150);
  });

  it('audio-only by choice keeps the speaker at the lowest layer as a picture, nothing else', () => {
    const plan = planReceive(input({ audioOnly: true, remotes: [cam('a', true), cam('b'), cam('c')] }));
    expect(Object.fromEntries(plan.cameras)).toEqual({ a: null, b: 0, c: null });
    expect(plan.screens.size).toBe(0);
    expect(plan.mode).toBe('audio_only');
    expect(plan.reason).toBe('chosen');
  });

  it('with no active speaker a tight line ends in audio only', () => {
    const plan = planReceive(input({ activeSpeakerId: null, estimateKbps: 200 }));
    expect([...plan.cameras.values()].every((l) => l === null)).toBe(true);
    expect(plan.mode).toBe('audio_only');
  });
});

describe('qualityLevel', () => {
  it('grades loss, RTT and forced degradation; stale or missing reports are unknown', () => {
    expect(qualityLevel(sample(), 1000)).toBe('good');
    expect(qualityLevel(sample({ lossPct: 3 }), 1000)).toBe('fair');
    expect(qualityLevel(sample({ rttMs: 700 }), 1000)).toBe('poor');
    expect(qualityLevel(sample({ lossPct: 12 }), 1000)).toBe('poor');
    expect(qualityLevel(sample(), 1000, 'speaker_only', 'bandwidth')).toBe('fair');
    expect(qualityLevel(sample(), 1000, 'audio_only', 'bandwidth')).toBe('poor');
    expect(qualityLevel(sample(), 1000, 'audio_only', 'chosen')).toBe('good');
    expect(qualityLevel(sample(), 20_000)).toBe('unknown');
    expect(qualityLevel(null, 0)).toBe('unknown');
  });
});
