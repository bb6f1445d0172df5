// "Âm thanh gộp" in the browser over fakes: the mix connection follows `receive.mode`, sends the
// microphone, holds its candidates until `mix.join` is out, plays the one mixed stream, and leaves
// when the server turns it off; the network state shows it. It heals itself while the mix is
// wanted: ICE restart first (`mix.join {restart}`), then fresh joins with backoff.
import type { ClientMessage } from '@diemcau/protocol';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resources } from '../i18n';
import { MixedAudioBanner } from '../ui/network/MixedAudio';
import { initialNetwork, reduceNetwork, type NetworkState } from './call-network';
import type { RtcEnv } from './call-types';
import { MixedAudioLink, type MixLinkState } from './mixed-audio';
import { ICE_GRACE_MS } from './reconnect';

class FakePC {
  readonly transceivers: { what: unknown; direction: string }[] = [];
  readonly offerOptions: (RTCOfferOptions | undefined)[] = [];
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  connectionState: RTCPeerConnectionState = 'new';
  closed = false;
  onicecandidate:
    | ((ev: { candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number } | null }) => void)
    | null = null;
  ontrack: ((ev: { track: unknown; streams: unknown[] }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  addTransceiver(what: unknown, init: { direction: string }): void {
    this.transceivers.push({ what, direction: init.direction });
  }
  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    this.offerOptions.push(options);
    return Promise.resolve({
      type: 'offer',
      sdp: options?.iceRestart ? 'v=0 restart offer' : 'v=0 mix offer',
    });
  }
  setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = d;
    // A candidate gathered before the offer reached the server.
    this.onicecandidate?.({
      candidate: {
        candidate: `candidate:1 1 udp 1 10.0.0.5 5000 typ host (${d.sdp})`,
        sdpMid: '0',
        sdpMLineIndex: 0,
      },
    });
    return Promise.resolve();
  }
  setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = d;
    return Promise.resolve();
  }
  readonly dtls: { state: RTCDtlsTransportState; onstatechange: (() => void) | null } = {
    state: 'new',
    onstatechange: null,
  };
  getReceivers(): { transport: FakePC['dtls'] }[] {
    return [{ transport: this.dtls }];
  }
  close(): void {
    this.closed = true;
  }
  /** Test control: the DTLS session's state changes (closed: the server hung up). */
  setDtls(state: RTCDtlsTransportState): void {
    this.dtls.state = state;
    this.dtls.onstatechange?.();
  }
  /** Test control: the connection's state changes. */
  setState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}

type Request = { type: 'mix.join'; sdp: string; restart?: boolean } | { type: 'mix.leave' };
/** How the fake server answers a mix.join: an SDP answer, or an error. */
type JoinReply = { sdp: string } | { error: string };

function setup(options: { mic?: unknown; replies?: JoinReply[] } = {}) {
  const mic = 'mic' in options ? options.mic : { kind: 'audio', id: 'mic' };
  const pcs: FakePC[] = [];
  const sent: ClientMessage[] = [];
  const requests: Request[] = [];
  const played: unknown[] = [];
  const states: MixLinkState[] = [];
  const replies = options.replies ?? [];
  let answer: (sdp: string) => void = () => {};
  const rtc = {
    createPeerConnection: () => {
      const pc = new FakePC();
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    createStream: (tracks: MediaStreamTrack[]) => ({ tracks }) as unknown as MediaStream,
  } as unknown as RtcEnv;
  const link = new MixedAudioLink({
    rtc: () => rtc,
    iceServers: () => [],
    mic: () => mic as MediaStreamTrack | null,
    send: (msg) => {
      sent.push(msg);
      return true;
    },
    request: (msg) => {
      requests.push(msg);
      if (msg.type === 'mix.leave') return Promise.resolve({ type: 'ack', rid: 'r' });
      const next = replies.shift();
      if (next && 'error' in next) return Promise.reject(new Error(next.error));
      if (next) return Promise.resolve({ type: 'mix.answer', rid: 'r', sdp: next.sdp });
      return new Promise((resolve) => {
        answer = (sdp) => resolve({ type: 'mix.answer', rid: 'r', sdp });
      });
    },
    play: (stream) => played.push(stream),
    onState: (s) => states.push(s),
    // NOTE: no jitter: the backoff's delays are exact.
    random: () => 0.5,
  });
  const joins = () => requests.filter((r) => r.type === 'mix.join');
  return { link, pcs, sent, requests, joins, played, states, answer: (sdp: string) => answer(sdp) };
}

const tick = (ms = 0): Promise<unknown> => vi.advanceTimersByTimeAsync(ms);

/** A link on the mix, connected, with answers queued for what comes next. */
async function connected(replies: JoinReply[] = []) {
  const t = setup({ replies: [{ sdp: 'v=0 mix answer' }, ...replies] });
  t.link.onMode(true);
  await tick();
  t.pcs[0]?.setState('connected');
  return t;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('MixedAudioLink', () => {
  it('joins the mix when told: microphone up, candidates after the join, answer applied, stream played', async () => {
    const t = setup();
    t.link.onMode(true);
    await tick();
    const pc = t.pcs[0];
    expect(pc?.transceivers).toEqual([{ what: { kind: 'audio', id: 'mic' }, direction: 'sendrecv' }]);
    expect(t.requests).toEqual([{ type: 'mix.join', sdp: 'v=0 mix offer' }]);
    // The candidate gathered before the join went out only after it.
    expect(t.sent).toEqual([
      {
        type: 'trickle',
        target: 'mix',
        candidate: {
          candidate: 'candidate:1 1 udp 1 10.0.0.5 5000 typ host (v=0 mix offer)',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      },
    ]);
    t.answer('v=0 mix answer');
    await t.link.settled();
    expect(pc?.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 mix answer' });
    pc?.ontrack?.({ track: { kind: 'audio' }, streams: ['the mix'] });
    expect(t.played).toEqual(['the mix']);
    expect(t.link.active).toBe(true);
    pc?.setState('connected');
    expect(t.states).toEqual(['joining', 'on']);
    // Told again: no second connection.
    t.link.onMode(true);
    expect(t.pcs).toHaveLength(1);
  });

  it('listens only when there is no microphone', async () => {
    const t = setup({ mic: null });
    t.link.onMode(true);
    await tick();
    expect(t.pcs[0]?.transceivers).toEqual([{ what: 'audio', direction: 'recvonly' }]);
  });

  it('leaves when the server turns it off: closes, stops playing, says mix.leave', async () => {
    const t = await connected();
    t.link.onMode(false);
    await tick();
    expect(t.pcs[0]?.closed).toBe(true);
    expect(t.played.at(-1)).toBeNull();
    expect(t.requests.at(-1)).toEqual({ type: 'mix.leave' });
    expect(t.link.active).toBe(false);
    expect(t.link.state).toBe('off');
  });

  it('tries a failed join again while the server still wants the mix', async () => {
    const t = setup({ replies: [{ error: 'timeout' }, { sdp: 'v=0 second answer' }] });
    t.link.onMode(true);
    await tick();
    expect(t.pcs[0]?.closed).toBe(true);
    await tick(1_000);
    await t.link.settled();
    expect(t.pcs[1]?.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 second answer' });
    // Turned off meanwhile: no retry.
    t.link.onMode(false);
    expect(t.link.active).toBe(false);
  });

  it('sends the choice, and again after a rejoin', () => {
    const t = setup();
    t.link.rejoined();
    expect(t.sent).toEqual([]);
    t.link.prefer(true);
    t.link.rejoined();
    expect(t.sent).toEqual([
      { type: 'receive.preference', mixedAudio: true },
      { type: 'receive.preference', mixedAudio: true },
    ]);
    expect(t.link.preferred).toBe(true);
  });
});

describe('MixedAudioLink heals a dropped mix', () => {
  it('restarts ICE on the same connection when it fails: mix.join {restart}, candidates after it', async () => {
    const t = await connected([{ sdp: 'v=0 restart answer' }]);
    const pc = t.pcs[0];
    t.sent.length = 0;
    pc?.setState('failed');
    expect(t.link.state).toBe('recovering');
    await tick();
    expect(pc?.offerOptions.at(-1)).toEqual({ iceRestart: true });
    expect(t.requests.at(-1)).toEqual({ type: 'mix.join', sdp: 'v=0 restart offer', restart: true });
    expect(t.sent).toEqual([
      {
        type: 'trickle',
        target: 'mix',
        candidate: {
          candidate: 'candidate:1 1 udp 1 10.0.0.5 5000 typ host (v=0 restart offer)',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      },
    ]);
    expect(pc?.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 restart answer' });
    pc?.setState('connected');
    expect(t.link.state).toBe('on');
    // Same connection, nothing torn down.
    expect(t.pcs).toHaveLength(1);
    expect(pc?.closed).toBe(false);
    expect(t.requests.filter((r) => r.type === 'mix.leave')).toEqual([]);
  });

  it('restarts ICE at once when the network changes (online event), without a new connection', async () => {
    const t = await connected([{ sdp: 'v=0 restart answer' }]);
    const pc = t.pcs[0];
    t.link.networkChanged();
    expect(t.link.state).toBe('recovering');
    await tick();
    expect(t.joins().at(-1)).toMatchObject({ restart: true });
    pc?.setState('connected');
    expect(t.link.state).toBe('on');
    expect(t.pcs).toHaveLength(1);
  });

  it('waits a short grace while disconnected, then restarts', async () => {
    const t = await connected([{ sdp: 'v=0 restart answer' }]);
    const pc = t.pcs[0];
    pc?.setState('disconnected');
    await tick(ICE_GRACE_MS - 100);
    pc?.setState('connected');
    await tick(ICE_GRACE_MS * 3);
    expect(t.joins()).toHaveLength(1);
    pc?.setState('disconnected');
    await tick(ICE_GRACE_MS - 100);
    expect(t.joins()).toHaveLength(1);
    await tick(100);
    expect(t.joins().at(-1)).toMatchObject({ restart: true });
  });

  it('joins afresh after a backoff when the server no longer has its place in the mix', async () => {
    const t = await connected([{ error: 'subscribe_failed' }, { sdp: 'v=0 new answer' }]);
    const first = t.pcs[0];
    first?.setState('failed');
    await tick();
    // The restart was refused: the connection goes, per-speaker audio comes back meanwhile.
    expect(first?.closed).toBe(true);
    expect(t.played.at(-1)).toBeNull();
    expect(t.requests.at(-1)).toEqual({ type: 'mix.leave' });
    await tick(999);
    expect(t.pcs).toHaveLength(1);
    await tick(1);
    await t.link.settled();
    expect(t.pcs).toHaveLength(2);
    expect(t.joins().at(-1)).toEqual({ type: 'mix.join', sdp: 'v=0 mix offer' });
    expect(t.pcs[1]?.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 new answer' });
    // The old connection's late events change nothing.
    first?.setState('failed');
    t.pcs[1]?.setState('connected');
    expect(t.link.state).toBe('on');
  });

  it('joins afresh, without an ICE restart, when the server hangs up (DTLS closes)', async () => {
    const t = await connected([{ sdp: 'v=0 new answer' }]);
    const first = t.pcs[0];
    first?.setDtls('connected');
    expect(t.link.state).toBe('on');
    first?.setDtls('closed');
    expect(t.link.state).toBe('recovering');
    expect(first?.closed).toBe(true);
    expect(t.requests.at(-1)).toEqual({ type: 'mix.leave' });
    expect(first?.offerOptions).toEqual([undefined]);
    await tick(1_000);
    await t.link.settled();
    expect(t.joins()).toEqual([
      { type: 'mix.join', sdp: 'v=0 mix offer' },
      { type: 'mix.join', sdp: 'v=0 mix offer' },
    ]);
    expect(t.pcs[1]?.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 new answer' });
    // The old session's late events change nothing.
    first?.setDtls('failed');
    first?.setState('failed');
    expect(t.pcs).toHaveLength(2);
  });

  it('backs off 1 s, 2 s, 4 s, 8 s, then 10 s between fresh joins, and from 1 s again once connected', async () => {
    const errors: JoinReply[] = Array.from({ length: 6 }, () => ({ error: 'timeout' }));
    const t = setup({ replies: [...errors, { sdp: 'v=0 answer' }, { error: 'timeout' }] });
    t.link.onMode(true);
    await tick();
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = t.pcs.length;
      let waited = 0;
      while (t.pcs.length === before) {
        await tick(100);
        waited += 100;
      }
      gaps.push(waited);
    }
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(t.link.state).toBe('recovering');
    await t.link.settled();
    const pc = t.pcs.at(-1);
    expect(pc?.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 answer' });
    pc?.setState('connected');
    // Fails for good later: two restarts that never connect, then a fresh join 1 s after.
    pc?.setState('failed');
    await tick();
    expect(t.joins().at(-1)).toMatchObject({ restart: true });
    const count = t.pcs.length;
    await tick(1_000);
    expect(t.pcs).toHaveLength(count + 1);
  });

  it('restarts twice at most, two graces apart, then joins afresh', async () => {
    const t = await connected([{ sdp: 'v=0 restart 1' }, { sdp: 'v=0 restart 2' }, { sdp: 'v=0 new' }]);
    t.pcs[0]?.setState('failed');
    await tick();
    expect(t.joins()).toHaveLength(2);
    await tick(ICE_GRACE_MS * 2);
    expect(t.joins()).toHaveLength(3);
    expect(t.joins().at(-1)).toMatchObject({ restart: true });
    await tick(ICE_GRACE_MS * 2);
    expect(t.pcs[0]?.closed).toBe(true);
    await tick(1_000);
    expect(t.pcs).toHaveLength(2);
    expect(t.joins().at(-1)).toEqual({ type: 'mix.join', sdp: 'v=0 mix offer' });
  });

  it('treats a new connection that never connects as failed', async () => {
    const t = setup({ replies: [{ sdp: 'v=0 answer' }, { sdp: 'v=0 restart' }] });
    t.link.onMode(true);
    await tick();
    t.pcs[0]?.setState('connecting');
    await tick(9_900);
    expect(t.joins()).toHaveLength(1);
    await tick(100);
    expect(t.joins().at(-1)).toMatchObject({ restart: true });
  });

  it('stops healing when the server turns the mix off, or the call closes it', async () => {
    const t = await connected([{ error: 'subscribe_failed' }]);
    t.pcs[0]?.setState('failed');
    await tick();
    expect(t.link.state).toBe('recovering');
    t.link.onMode(false);
    expect(t.link.state).toBe('off');
    await tick(60_000);
    expect(t.pcs).toHaveLength(1);

    const u = await connected([{ error: 'subscribe_failed' }]);
    u.pcs[0]?.setState('failed');
    await tick();
    u.link.close();
    await tick(60_000);
    expect(u.pcs).toHaveLength(1);
    expect(u.link.state).toBe('off');
    // A disconnected connection closed by the call is not restarted either.
    const v = await connected();
    v.pcs[0]?.setState('disconnected');
    v.link.close();
    await tick(60_000);
    expect(v.joins()).toHaveLength(1);
  });

  it('joins at once when the server says so again while a fresh join waits', async () => {
    const t = await connected([{ error: 'subscribe_failed' }, { sdp: 'v=0 new' }]);
    t.pcs[0]?.setState('failed');
    await tick();
    t.link.onMode(true);
    await tick();
    expect(t.pcs).toHaveLength(2);
    t.pcs[1]?.setState('connected');
    await tick(60_000);
    expect(t.pcs).toHaveLength(2);
  });
});

describe('network state', () => {
  it('shows mixed audio while the server says so, and forgets it on a rejoin', () => {
    let s = initialNetwork(false, true);
    expect(s).toMatchObject({ mixedAudio: false, mixPreferred: true });
    s = reduceNetwork(s, {
      type: 'receive.mode',
      mode: 'audio_only',
      reason: 'bandwidth',
      budgetKbps: 80,
      mixedAudio: true,
    });
    expect(s.mixedAudio).toBe(true);
    s = reduceNetwork(s, { type: 'receive.mode', mode: 'audio_only', reason: 'bandwidth', budgetKbps: 80 });
    expect(s.mixedAudio).toBe(false);
  });

  it('the banner says when the mix is being joined again', async () => {
    const i18n = i18next.createInstance();
    await i18n.use(initReactI18next).init({ resources, lng: 'vi', interpolation: { escapeValue: false } });
    const render = (network: NetworkState): string =>
      renderToStaticMarkup(
        createElement(I18nextProvider, { i18n }, createElement(MixedAudioBanner, { network })),
      );
    const on = { ...initialNetwork(false, true), mixedAudio: true };
    expect(render(on)).toContain('Âm thanh gộp: bạn nghe mọi người trong một luồng âm thanh chung.');
    expect(render({ ...on, mixReconnecting: true })).toContain('Đang kết nối lại âm thanh gộp…');
    expect(render({ ...on, mixedAudio: false, mixReconnecting: true })).toBe('');
  });
});
