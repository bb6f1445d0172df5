// SDP helpers and the mapping of subscriber tracks to participants.
import type { SubscribedStream } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { activeMids, groupTracks, RemoteStreamCache } from './remote-media';
import {
  candidateAddress,
  filterSdpCandidates,
  hasSimulcast,
  isLoopbackCandidate,
  orderCodecs,
  parseMediaSections,
} from './sdp';

const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.2',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1 2',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=sendonly',
  'a=candidate:1 1 udp 2130706431 127.0.0.2 40000 typ host',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  'a=sendonly',
  'a=candidate:2 1 udp 2130706431 10.1.2.3 40002 typ host',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'a=mid:2',
  'a=inactive',
  '',
].join('\r\n');

const PUBLISH_OFFER = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=sendonly',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  'a=sendonly',
  'a=rid:h send',
  'a=rid:m send',
  'a=rid:l send',
  'a=simulcast:send h;m;l',
  '',
].join('\r\n');

describe('parseMediaSections', () => {
  it('reads kind, port, mid, direction and simulcast rids', () => {
    expect(parseMediaSections(OFFER).map((s) => [s.kind, s.port, s.mid, s.direction])).toEqual([
      ['audio', 9, '0', 'sendonly'],
      ['video', 9, '1', 'sendonly'],
      ['video', 0, '2', 'inactive'],
    ]);
    expect(parseMediaSections(PUBLISH_OFFER)[1]?.simulcastSend).toEqual(['h', 'm', 'l']);
  });
  it('detects simulcast', () => {
    expect(hasSimulcast(PUBLISH_OFFER)).toBe(true);
    expect(hasSimulcast(OFFER)).toBe(false);
  });
  it('finds the active mids (non-zero port, not inactive)', () => {
    expect([...activeMids(OFFER)]).toEqual(['0', '1']);
  });
});

describe('candidates', () => {
  it('reads the address and spots loopback', () => {
    const c = 'candidate:1 1 udp 2130706431 127.0.0.2 40000 typ host';
    expect(candidateAddress(c)).toBe('127.0.0.2');
    expect(isLoopbackCandidate(c)).toBe(true);
    expect(isLoopbackCandidate('candidate:2 1 udp 2130706431 10.1.2.3 40002 typ host')).toBe(false);
    expect(isLoopbackCandidate('candidate:3 1 udp 1 ::1 5 typ host')).toBe(true);
    expect(isLoopbackCandidate('garbage')).toBe(false);
  });
  it('filters candidate lines out of an SDP and keeps line endings', () => {
    const filtered = filterSdpCandidates(OFFER, isLoopbackCandidate);
    expect(filtered).toContain('127.0.0.2 40000');
    expect(filtered).not.toContain('10.1.2.3');
    expect(filtered.split('\r\n').length).toBe(OFFER.split('\r\n').length - 1);
  });
});

describe('orderCodecs', () => {
  it('puts preferred codecs first and keeps the rest in order', () => {
    const codecs = [
      { mimeType: 'video/H264' },
      { mimeType: 'video/rtx' },
      { mimeType: 'video/VP8' },
      { mimeType: 'video/VP9' },
    ];
    expect(orderCodecs(codecs, ['video/vp8']).map((c) => c.mimeType)).toEqual([
      'video/VP8',
      'video/H264',
      'video/rtx',
      'video/VP9',
    ]);
  });
});

describe('groupTracks', () => {
  const track = (id: string, readyState: MediaStreamTrackState = 'live') => ({ id, readyState });
  const streams: SubscribedStream[] = [
    { mid: '0', participantId: 'a', source: 'camera', kind: 'audio' },
    { mid: '1', participantId: 'a', source: 'camera', kind: 'video' },
    { mid: '2', participantId: 'b', source: 'screen', kind: 'video' },
  ];

  it('groups by participant and slot, skipping inactive, unknown and ended', () => {
    const groups = groupTracks(
      [
        { mid: '0', track: track('t0') },
        { mid: '1', track: track('t1') },
        { mid: '2', track: track('t2') },
        { mid: '3', track: track('t3') },
        { mid: null, track: track('t4') },
      ],
      streams,
      new Set(['0', '1', '3']),
    );
    expect([...groups.keys()]).toEqual(['a']);
    expect(groups.get('a')?.audio.map((t) => t.id)).toEqual(['t0']);
    expect(groups.get('a')?.camera.map((t) => t.id)).toEqual(['t1']);
  });

  it('follows a mid that was reused for another participant', () => {
    const reused: SubscribedStream[] = [{ mid: '1', participantId: 'c', source: 'camera', kind: 'video' }];
    const groups = groupTracks([{ mid: '1', track: track('t1') }], reused, new Set(['1']));
    expect([...groups.keys()]).toEqual(['c']);
  });

  it('keeps the same stream object while its tracks do not change', () => {
    let made = 0;
    const cache = new RemoteStreamCache((tracks: { id: string; readyState: MediaStreamTrackState }[]) => ({
      n: ++made,
      ids: tracks.map((t) => t.id),
    }));
    const g1 = groupTracks([{ mid: '1', track: track('t1') }], streams, new Set(['1']));
    const first = cache.build(g1).get('a')?.camera;
    const second = cache.build(g1).get('a')?.camera;
    expect(second).toBe(first);
    const g2 = groupTracks([{ mid: '1', track: track('t9') }], streams, new Set(['1']));
    expect(cache.build(g2).get('a')?.camera).toEqual({ n: 2, ids: ['t9'] });
  });
});
