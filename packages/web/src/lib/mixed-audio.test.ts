// "Âm thanh gộp" in the browser over fakes: the mix connection follows `receive.mode`, sends the
// microphone, holds its candidates until `mix.join` is out, plays the one mixed stream, and leaves
// when the server turns it off; the network state shows it.
import type { ClientMessage } from '@diemcau/protocol';
import { describe, expect, it, vi } from 'vitest';
import { initialNetwork, reduceNetwork } from './call-network';
import type { RtcEnv } from './call-types';
import { MixedAudioLink } from './mixed-audio';

class FakePC {
  readonly transceivers: { what: unknown; direction: string }[] = [];
  local: RTCSessionDescriptionInit | null = null;
  remote: RTCSessionDescriptionInit | null = null;
  closed = false;
  onicecandidate:
    | ((ev: { candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number } | null }) => void)
    | null = null;
  ontrack: ((ev: { track: unknown; streams: unknown[] }) => void) | null = null;
  addTransceiver(what: unknown, init: { direction: string }): void {
    this.transceivers.push({ what, direction: init.direction });
  }
  createOffer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'offer', sdp: 'v=0 mix offer' });
  }
  setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.local = d;
    // A candidate gathered before the offer reached the server.
    this.onicecandidate?.({
      candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.5 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    });
    return Promise.resolve();
  }
  setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.remote = d;
    return Promise.resolve();
  }
  close(): void {
    this.closed = true;
  }
}

function setup(mic: unknown = { kind: 'audio', id: 'mic' }) {
  const pcs: FakePC[] = [];
  const sent: ClientMessage[] = [];
  const requests: { type: string; sdp?: string }[] = [];
  const played: unknown[] = [];
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
      return new Promise((resolve) => {
        answer = (sdp) => resolve({ type: 'mix.answer', rid: 'r', sdp });
      });
    },
    play: (stream) => played.push(stream),
  });
  return { link, pcs, sent, requests, played, answer: (sdp: string) => answer(sdp) };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('MixedAudioLink', () => {
  it('joins the mix when told: microphone up, candidates after the join, answer applied, stream played', async () => {
    const t = setup();
    t.link.onMode(true);
    await flush();
    const pc = t.pcs[0];
    expect(pc?.transceivers).toEqual([{ what: { kind: 'audio', id: 'mic' }, direction: 'sendrecv' }]);
    expect(t.requests).toEqual([{ type: 'mix.join', sdp: 'v=0 mix offer' }]);
    // The candidate gathered before the join went out only after it.
    expect(t.sent).toEqual([
      {
        type: 'trickle',
        target: 'mix',
        candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.5 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
      },
    ]);
    t.answer('v=0 mix answer');
    await t.link.settled();
    expect(pc?.remote).toEqual({ type: 'answer', sdp: 'v=0 mix answer' });
    pc?.ontrack?.({ track: { kind: 'audio' }, streams: ['the mix'] });
    expect(t.played).toEqual(['the mix']);
    expect(t.link.active).toBe(true);
    // Told again: no second connection.
    t.link.onMode(true);
    expect(t.pcs).toHaveLength(1);
  });

  it('listens only when there is no microphone', async () => {
    const t = setup(null);
    t.link.onMode(true);
    await flush();
    expect(t.pcs[0]?.transceivers).toEqual([{ what: 'audio', direction: 'recvonly' }]);
  });

  it('leaves when the server turns it off: closes, stops playing, says mix.leave', async () => {
    const t = setup();
    t.link.onMode(true);
    await flush();
    t.answer('v=0 mix answer');
    await t.link.settled();
    t.link.onMode(false);
    await flush();
    expect(t.pcs[0]?.closed).toBe(true);
    expect(t.played.at(-1)).toBeNull();
    expect(t.requests.at(-1)).toEqual({ type: 'mix.leave' });
    expect(t.link.active).toBe(false);
  });

  it('tries a failed join again while the server still wants the mix', async () => {
    vi.useFakeTimers();
    try {
      const t = setup();
      let fail = true;
      const link = new MixedAudioLink({
        rtc: () =>
          ({
            createPeerConnection: () => {
              const pc = new FakePC();
              t.pcs.push(pc);
              return pc as unknown as RTCPeerConnection;
            },
          }) as unknown as RtcEnv,
        iceServers: () => [],
        mic: () => null,
        send: () => true,
        request: () => {
          if (fail) {
            fail = false;
            return Promise.reject(new Error('timeout'));
          }
          return Promise.resolve({ type: 'mix.answer', rid: 'r', sdp: 'v=0 second answer' });
        },
        play: () => undefined,
      });
      link.onMode(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(t.pcs[0]?.closed).toBe(true);
      await vi.advanceTimersByTimeAsync(2000);
      await link.settled();
      expect(t.pcs[1]?.remote).toEqual({ type: 'answer', sdp: 'v=0 second answer' });
      // Turned off meanwhile: no retry.
      link.onMode(false);
      expect(link.active).toBe(false);
    } finally {
      vi.useRealTimers();
    }
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
});
