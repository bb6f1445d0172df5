// Unit tests of the loopback-only SDP/ICE helpers, the b=AS bitrate cap and TURN URL filtering.
import { describe, expect, it } from 'vitest';
import {
  candidateAddress,
  capVideoBitrate,
  isLoopbackCandidate,
  isLoopbackHost,
  loopbackIceServers,
  onlyTurnTransports,
  turnUdpVia,
  scrubSdp,
  turnTransport,
} from './sdp.js';

const SDP = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 192.0.2.2',
  'a=rtcp:9 IN IP4 192.0.2.2',
  'a=candidate:1 1 udp 2122260223 127.0.0.2 45625 typ host generation 0',
  'a=candidate:2 1 udp 2122199807 fd00::2 34392 typ host generation 0',
  'a=candidate:3 1 udp 2122129151 192.0.2.2 55240 typ host generation 0',
  'a=candidate:4 1 udp 2122071295 ::1 46473 typ host generation 0',
  'a=candidate:5 1 tcp 1518018303 127.0.0.1 39827 typ host tcptype passive generation 0',
  'a=mid:0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 127.0.0.2',
  'b=AS:2000',
  'a=mid:1',
  '',
].join('\r\n');

describe('loopback filters', () => {
  it('recognises loopback candidates only in 127.0.0.0/8', () => {
    expect(candidateAddress('candidate:1 1 udp 2122260223 127.0.0.2 45625 typ host')).toBe('127.0.0.2');
    expect(isLoopbackCandidate('candidate:1 1 udp 1 127.0.0.2 45625 typ host')).toBe(true);
    expect(isLoopbackCandidate('a=candidate:1 1 tcp 1 127.1.2.3 9 typ host tcptype passive')).toBe(true);
    expect(isLoopbackCandidate('candidate:1 1 udp 1 192.0.2.2 45625 typ host')).toBe(false);
    expect(isLoopbackCandidate('candidate:1 1 udp 1 ::1 45625 typ host')).toBe(false);
    expect(isLoopbackCandidate('candidate:1 1 udp 1 abc.local 45625 typ host')).toBe(false);
    expect(isLoopbackCandidate('garbage')).toBe(false);
  });

  it('accepts only loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.255.0.9')).toBe(true);
    expect(isLoopbackHost('192.0.2.2')).toBe(false);
    expect(isLoopbackHost('example.org')).toBe(false);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it('scrubs every non-loopback address out of an SDP', () => {
    const scrubbed = scrubSdp(SDP);
    expect(scrubbed).not.toMatch(/192\.0\.2\.2|fd00|::1/);
    expect(scrubbed).toContain('127.0.0.2 45625');
    expect(scrubbed).toContain('127.0.0.1 39827');
    expect(scrubbed).toContain('c=IN IP4 0.0.0.0');
    expect(scrubbed).toContain('a=rtcp:9 IN IP4 0.0.0.0');
    expect(scrubbed).toContain('c=IN IP4 127.0.0.2');
    expect(scrubbed.split('\r\n')).toHaveLength(SDP.split('\r\n').length - 3);
  });

  it('keeps only loopback STUN/TURN servers', () => {
    const kept = loopbackIceServers([
      { urls: ['stun:127.0.0.1:3478', 'stun:stun.example.org'] },
      { urls: 'turn:192.0.2.2:3478?transport=udp', username: 'u', credential: 'p' },
      { urls: 'turn:localhost:3478?transport=tcp', username: 'u', credential: 'p' },
    ]);
    expect(kept).toEqual([
      { urls: ['stun:127.0.0.1:3478'] },
      { urls: ['turn:localhost:3478?transport=tcp'], username: 'u', credential: 'p' },
    ]);
  });
});

describe('capVideoBitrate', () => {
  it('puts b=AS and b=TIAS after c= in video sections only, replacing old ones', () => {
    const capped = capVideoBitrate(SDP, 300).split('\r\n');
    const video = capped.slice(capped.indexOf('m=video 9 UDP/TLS/RTP/SAVPF 96'));
    expect(video.slice(0, 4)).toEqual([
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'c=IN IP4 127.0.0.2',
      'b=AS:300',
      'b=TIAS:300000',
    ]);
    expect(capped.filter((l) => l.startsWith('b='))).toEqual(['b=AS:300', 'b=TIAS:300000']);
  });
});

describe('TURN transports', () => {
  it('reads the transport of a TURN URL (UDP by default, TLS for turns:)', () => {
    expect(turnTransport('turn:127.0.0.1:3478?transport=udp')).toBe('udp');
    expect(turnTransport('turn:127.0.0.1:3478')).toBe('udp');
    expect(turnTransport('turn:127.0.0.1:3478?transport=tcp')).toBe('tcp');
    expect(turnTransport('TURN:[::1]:3478?transport=TCP')).toBe('tcp');
    expect(turnTransport('turns:turn.phuong.vn:5349?transport=tcp')).toBe('tls');
    expect(turnTransport('stun:127.0.0.1:3478')).toBeNull();
  });

  it('keeps only TURN URLs over the allowed transports, with their credentials', () => {
    const servers = [
      { urls: 'stun:127.0.0.1:3478' },
      {
        urls: ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp'],
        username: '1:u',
        credential: 'c',
      },
      { urls: 'turns:127.0.0.1:5349?transport=tcp', username: '1:u', credential: 'c' },
    ];
    expect(onlyTurnTransports(servers, ['tcp'])).toEqual([
      { urls: ['turn:127.0.0.1:3478?transport=tcp'], username: '1:u', credential: 'c' },
    ]);
    expect(onlyTurnTransports(servers, ['udp', 'tls']).flatMap((s) => s.urls)).toEqual([
      'turn:127.0.0.1:3478?transport=udp',
      'turns:127.0.0.1:5349?transport=tcp',
    ]);
    expect(onlyTurnTransports(servers, [])).toEqual([]);
  });

  it('points TURN-over-UDP URLs at a relay and leaves the others and the credentials alone', () => {
    const servers = [
      { urls: 'stun:127.0.0.1:3478' },
      {
        urls: [
          'turn:127.0.0.1:3478?transport=udp',
          'turn:127.0.0.1:3478',
          'turn:127.0.0.1:3478?transport=tcp',
        ],
        username: '1:u',
        credential: 'c',
      },
    ];
    expect(turnUdpVia(servers, { host: '127.1.0.1', port: 40000 })).toEqual([
      { urls: ['stun:127.0.0.1:3478'] },
      {
        urls: [
          'turn:127.1.0.1:40000?transport=udp',
          'turn:127.1.0.1:40000?transport=udp',
          'turn:127.0.0.1:3478?transport=tcp',
        ],
        username: '1:u',
        credential: 'c',
      },
    ]);
  });
});
