// Request bodies and replies of VideoRoom remote publishers (Janus 1.1.2, as tried on real Janus).
import { describe, expect, it } from 'vitest';
import {
  addRemotePublisherBody,
  newForwardSrtp,
  parseRemoteEndpoint,
  publishRemotelyBody,
  remoteStreamSpecs,
} from './remote-feeds.js';

describe('remoteStreamSpecs', () => {
  it('copies what the receiving node needs from a publisher reply, dropping disabled and data', () => {
    const specs = remoteStreamSpecs([
      { type: 'audio', mindex: 0, mid: '0', codec: 'opus', fec: true, talking: false },
      { type: 'video', mindex: 1, mid: '1', codec: 'vp8', simulcast: true },
      { type: 'video', mindex: 2, mid: '2', disabled: true },
      { type: 'data', mindex: 3, mid: '3' },
      { type: 'audio', mid: '4' },
    ]);
    expect(specs).toEqual([
      { type: 'audio', mindex: 0, mid: '0', codec: 'opus', fec: true },
      { type: 'video', mindex: 1, mid: '1', codec: 'vp8', simulcast: true },
    ]);
    expect(remoteStreamSpecs(undefined)).toEqual([]);
  });
});

describe('request bodies', () => {
  const srtp = { suite: 80 as const, crypto: 'a2V5' };
  const streams = [{ type: 'audio' as const, mindex: 0, mid: '0', codec: 'opus' }];

  it('add_remote_publisher keeps the feed key, binds one address and shares the SRTP key', () => {
    expect(
      addRemotePublisherBody('m1', 'p1:camera', { display: 'An', iface: '127.0.0.3', streams, srtp }),
    ).toEqual({
      request: 'add_remote_publisher',
      room: 'm1',
      id: 'p1:camera',
      display: 'An',
      iface: '127.0.0.3',
      srtp_suite: 80,
      srtp_crypto: 'a2V5',
      streams,
    });
  });

  it('publish_remotely sends to the endpoint, with RTCP feedback when offered', () => {
    const body = publishRemotelyBody('m1', 'p1:camera', {
      remoteId: 'local-1',
      host: '127.0.0.3',
      endpoint: { port: 10000, rtcpPort: 10001 },
      srtp,
    });
    expect(body).toEqual({
      request: 'publish_remotely',
      room: 'm1',
      publisher_id: 'p1:camera',
      remote_id: 'local-1',
      host: '127.0.0.3',
      port: 10000,
      rtcp_port: 10001,
      srtp_suite: 80,
      srtp_crypto: 'a2V5',
    });
    const noRtcp = publishRemotelyBody('m1', 'f', {
      remoteId: 'r',
      host: 'h',
      endpoint: { port: 1, rtcpPort: undefined },
      srtp,
    });
    expect(noRtcp).not.toHaveProperty('rtcp_port');
  });
});

describe('parseRemoteEndpoint', () => {
  it('reads the reply Janus 1.1.2 gives', () => {
    expect(
      parseRemoteEndpoint({
        videoroom: 'success',
        room: 'm1',
        id: 'alice:camera',
        ip: '127.0.0.1',
        port: 10000,
        rtcp_port: 10001,
      }),
    ).toEqual({ port: 10000, rtcpPort: 10001 });
    expect(parseRemoteEndpoint({ port: 5 })).toEqual({ port: 5, rtcpPort: undefined });
    expect(() => parseRemoteEndpoint({ videoroom: 'success' })).toThrow(/no port/);
  });
});

describe('newForwardSrtp', () => {
  it('makes a fresh 30-byte key each time', () => {
    const a = newForwardSrtp();
    expect(Buffer.from(a.crypto, 'base64')).toHaveLength(30);
    expect(a.suite).toBe(80);
    expect(newForwardSrtp().crypto).not.toBe(a.crypto);
  });
});
