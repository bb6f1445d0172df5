// The network state the room shows (receive mode, quality levels), the banner it picks, and the
// layout the call sends: largest first, clamped, sent once per change and again after a rejoin.
import type { ClientMessage, ServerMessage } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { initialNetwork, LayoutSender, layoutMessage, receiveBannerKey, reduceNetwork } from './call-network';

const joined = {
  type: 'joined',
  rid: 'r1',
  self: {
    id: 'me',
    name: 'Khu phố 4',
    role: 'bridge_point',
    moderator: false,
    bridgePoint: null,
    actorKey: 'point:kp4',
    audioMuted: false,
    videoMuted: false,
    publishing: { camera: null, screen: false },
    joinedAt: '2026-11-26T07:00:00.000Z',
  },
  meeting: { id: 'm1', title: 'Họp', hostBridgePoint: null },
  participants: [],
  activeSpeakerId: null,
  iceServers: [],
} satisfies ServerMessage;

describe('reduceNetwork', () => {
  it('follows receive modes and quality levels, and starts over on a (re)join', () => {
    let s = initialNetwork(true);
    s = reduceNetwork(s, { type: 'receive.mode', mode: 'speaker_only', reason: 'cap', budgetKbps: 384 });
    expect(s.receive).toEqual({ mode: 'speaker_only', reason: 'cap', budgetKbps: 384 });
    s = reduceNetwork(s, {
      type: 'quality.levels',
      levels: [
        { participantId: 'a', level: 'good' },
        { participantId: 'b', level: 'poor' },
      ],
    });
    const same = reduceNetwork(s, {
      type: 'quality.levels',
      levels: [{ participantId: 'a', level: 'good' }],
    });
    expect(same).toBe(s);
    s = reduceNetwork(s, { type: 'quality.levels', levels: [{ participantId: 'a', level: 'fair' }] });
    expect(s.levels).toEqual({ a: 'fair', b: 'poor' });
    s = reduceNetwork(s, { type: 'participant.left', participantId: 'b', reason: 'left' });
    expect(s.levels).toEqual({ a: 'fair' });
    s = { ...s, reconnectAttempt: 3 };
    s = reduceNetwork(s, joined);
    expect(s).toEqual({ ...initialNetwork(true), audioOnly: true });
  });
});

describe('receiveBannerKey', () => {
  it('says nothing at full reception and names the mode and why otherwise', () => {
    expect(receiveBannerKey({ mode: 'full', reason: 'none', budgetKbps: null })).toBeNull();
    expect(receiveBannerKey({ mode: 'speaker_only', reason: 'bandwidth', budgetKbps: 300 })).toBe(
      'network.mode_speaker_only',
    );
    expect(receiveBannerKey({ mode: 'audio_only', reason: 'cap', budgetKbps: 64 })).toBe(
      'network.cap_audio_only',
    );
    expect(receiveBannerKey({ mode: 'audio_only', reason: 'chosen', budgetKbps: null })).toBe(
      'network.chosen',
    );
  });
});

describe('layout', () => {
  it('lists tiles largest first, rounded and clamped', () => {
    const msg = layoutMessage(
      new Map([
        ['small', { width: 160.4, height: 90.2 }],
        ['big', { width: 9999, height: 720 }],
      ]),
      false,
    );
    expect(msg).toEqual({
      type: 'view.layout',
      tiles: [
        { participantId: 'big', width: 8192, height: 720 },
        { participantId: 'small', width: 160, height: 90 },
      ],
      audioOnly: false,
    });
  });

  it('sends nothing before the first measurement, then each change once, and again after a rejoin', () => {
    const sent: ClientMessage[] = [];
    let open = true;
    const sender = new LayoutSender(false, (m) => (open ? (sent.push(m), true) : false));
    expect(sender.flush()).toBe(true);
    expect(sent).toEqual([]);
    sender.setTiles(new Map([['a', { width: 320, height: 180 }]]));
    sender.flush();
    sender.flush();
    expect(sent).toHaveLength(1);
    sender.setAudioOnly(true);
    sender.flush();
    expect(sent.at(-1)).toMatchObject({ audioOnly: true });
    open = false;
    sender.setAudioOnly(false);
    expect(sender.flush()).toBe(false);
    open = true;
    sender.reset();
    sender.flush();
    expect(sent).toHaveLength(3);
    expect(sent.at(-1)).toMatchObject({ audioOnly: false, tiles: [{ participantId: 'a' }] });
  });

  it('tells the server at once about audio only chosen before any tile was measured', () => {
    const sent: ClientMessage[] = [];
    new LayoutSender(true, (m) => (sent.push(m), true)).flush();
    expect(sent).toEqual([{ type: 'view.layout', tiles: [], audioOnly: true }]);
  });
});
