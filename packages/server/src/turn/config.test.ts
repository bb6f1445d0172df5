// The generated coturn config: the options we rely on, and — evaluated the way coturn's
// good_peer_addr() does — that a client may relay to Janus and to nothing else.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { DENIED_PEER_RANGES, generateTurnConfig } from './config.js';
import type { TurnServerConfig } from './config.js';

const base: TurnServerConfig = {
  runtimeDir: '/srv/diemcau/runtime/turn',
  port: 3478,
  tlsPort: 5349,
  tls: null,
  secret: 'a-long-shared-secret-for-tests',
  realm: 'hop.phuong-ben-nghe.vn',
  listenAddress: undefined,
  relayAddress: '192.168.1.10',
  relayPortRange: [49152, 65535],
  mediaAddresses: ['192.168.1.10'],
};

const options = (text: string): string[] =>
  text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
const values = (text: string, key: string): string[] =>
  options(text)
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));

/** An address as a number in its family's space (IPv4 32 bits, IPv6 128 bits). */
function toBig(address: string): { family: 4 | 6; value: bigint } {
  if (net.isIPv4(address)) {
    return { family: 4, value: address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(part), 0n) };
  }
  if (!net.isIPv6(address)) throw new Error(`not an address: ${address}`);
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = toBig(v4[1]).value;
    text = text.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

function inRange(range: string, address: string): boolean {
  const [lo = '', hi = lo] = range.split('-');
  const a = toBig(address);
  const from = toBig(lo);
  const to = toBig(hi);
  return a.family === from.family && a.value >= from.value && a.value <= to.value;
}

/** coturn 4.6 good_peer_addr(): multicast and loopback flags, then allowed, then denied. */
function coturnAllows(config: string, peer: string): boolean {
  const flags = new Set(options(config));
  const { family, value } = toBig(peer);
  const multicast = family === 4 ? value >> 28n === 0xen : value >> 120n === 0xffn;
  if (flags.has('no-multicast-peers') && multicast) return false;
  const loopback = family === 4 ? value >> 24n === 127n : value === 1n;
  if (!flags.has('allow-loopback-peers') && loopback) return false;
  if (value === 0n) return false;
  if (values(config, 'allowed-peer-ip').some((r) => inRange(r, peer))) return true;
  return !values(config, 'denied-peer-ip').some((r) => inRange(r, peer));
}

const FORBIDDEN_PEERS = [
  '0.0.0.0',
  '0.1.2.3',
  '10.0.0.1',
  '100.64.0.1',
  '127.0.0.1',
  '127.0.0.53',
  '169.254.169.254',
  '172.16.5.4',
  '172.31.255.255',
  '192.168.1.1',
  '192.168.1.11',
  '224.0.0.251',
  '255.255.255.255',
  '::',
  '::1',
  '::ffff:127.0.0.1',
  '::ffff:192.168.1.10',
  '64:ff9b::a00:1',
  'fe80::1',
  'fd00::1',
  'fc00::1',
  'ff02::1',
  // Public addresses too: clients only ever relay to Janus.
  '8.8.8.8',
  '2001:4860:4860::8888',
];

describe('generateTurnConfig', () => {
  const conf = generateTurnConfig(base);

  it('uses the TURN REST API with our secret and realm, and no CLI, TCP relays or TLS', () => {
    const o = options(conf);
    expect(o).toContain('use-auth-secret');
    expect(values(conf, 'static-auth-secret')).toEqual(['a-long-shared-secret-for-tests']);
    expect(values(conf, 'realm')).toEqual(['hop.phuong-ben-nghe.vn']);
    expect(values(conf, 'listening-port')).toEqual(['3478']);
    for (const flag of ['no-cli', 'no-tcp-relay', 'no-multicast-peers', 'no-tls', 'no-dtls', 'fingerprint'])
      expect(o).toContain(flag);
    expect(o).not.toContain('allow-loopback-peers');
    expect(o.some((line) => line.startsWith('tls-listening-port') || line.startsWith('cert='))).toBe(false);
    expect(o.some((line) => line.startsWith('listening-ip') || line.startsWith('external-ip'))).toBe(false);
    // Relayed media leaves from Janus's own address: Janus only ever sends to it, locally.
    expect(values(conf, 'relay-ip')).toEqual(['192.168.1.10']);
  });

  it('keeps its state in the runtime folder, never in /var', () => {
    expect(values(conf, 'userdb')).toEqual(['/srv/diemcau/runtime/turn/turndb']);
    expect(values(conf, 'pidfile')).toEqual(['/srv/diemcau/runtime/turn/turnserver.pid']);
    expect(values(conf, 'log-file')).toEqual(['stdout']);
  });

  it('denies loopback, private, link-local and reserved ranges explicitly', () => {
    const denied = values(conf, 'denied-peer-ip');
    for (const range of [
      '0.0.0.0-0.255.255.255',
      '10.0.0.0-10.255.255.255',
      '100.64.0.0-100.127.255.255',
      '127.0.0.0-127.255.255.255',
      '169.254.0.0-169.254.255.255',
      '172.16.0.0-172.31.255.255',
      '192.168.0.0-192.168.255.255',
      '::1',
      'fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]) {
      expect(denied).toContain(range);
    }
    for (const range of DENIED_PEER_RANGES) expect(denied).toContain(range);
  });

  it('allows relaying to the Janus address and to nothing else', () => {
    expect(values(conf, 'allowed-peer-ip')).toEqual(['192.168.1.10']);
    expect(coturnAllows(conf, '192.168.1.10')).toBe(true);
    for (const peer of FORBIDDEN_PEERS) expect(coturnAllows(conf, peer), peer).toBe(false);
  });

  it('with Janus on a loopback address (demo, tests): allows that one address, not its neighbours', () => {
    const loop = generateTurnConfig({ ...base, mediaAddresses: ['127.0.0.2'] });
    // NOTE: coturn rejects loopback peers before reading allowed-peer-ip, hence the flag.
    expect(options(loop)).toContain('allow-loopback-peers');
    expect(values(loop, 'cli-password')[0]).toMatch(/^[\w-]{43}$/);
    expect(coturnAllows(loop, '127.0.0.2')).toBe(true);
    for (const peer of [
      '127.0.0.1',
      '127.0.0.3',
      '127.255.255.254',
      '::1',
      '::ffff:127.0.0.2',
      '192.168.1.10',
    ])
      expect(coturnAllows(loop, peer), peer).toBe(false);
  });

  it('allows Janus behind NAT at both its LAN and its public address', () => {
    const nat = generateTurnConfig({ ...base, mediaAddresses: ['192.168.1.10', '203.0.113.7'] });
    expect(coturnAllows(nat, '192.168.1.10')).toBe(true);
    expect(coturnAllows(nat, '203.0.113.7')).toBe(true);
    expect(coturnAllows(nat, '203.0.113.8')).toBe(false);
  });

  it('listens on the configured address, relays from Janus’s; adds TLS with a certificate', () => {
    const c = generateTurnConfig({
      ...base,
      listenAddress: '192.168.1.20',
      relayPortRange: [40000, 40999],
      tls: { cert: '/etc/diemcau/turn.pem', key: '/etc/diemcau/turn.key' },
    });
    expect(values(c, 'listening-ip')).toEqual(['192.168.1.20']);
    expect(values(c, 'relay-ip')).toEqual(['192.168.1.10']);
    expect(values(c, 'external-ip')).toEqual([]);
    expect(values(c, 'min-port')).toEqual(['40000']);
    expect(values(c, 'max-port')).toEqual(['40999']);
    expect(values(c, 'tls-listening-port')).toEqual(['5349']);
    expect(values(c, 'cert')).toEqual(['/etc/diemcau/turn.pem']);
    expect(values(c, 'pkey')).toEqual(['/etc/diemcau/turn.key']);
    expect(options(c)).not.toContain('no-tls');
    expect(options(c)).toContain('no-tlsv1');
  });

  it('refuses configs coturn would misread or that would relay nowhere', () => {
    expect(() => generateTurnConfig({ ...base, mediaAddresses: [] })).toThrow(/MEDIA_ADDR/);
    expect(() => generateTurnConfig({ ...base, mediaAddresses: ['janus.local'] })).toThrow(/IP address/);
    expect(() => generateTurnConfig({ ...base, relayAddress: '' })).toThrow(/IP address/);
    expect(() => generateTurnConfig({ ...base, secret: 'short' })).toThrow(/16/);
    expect(() => generateTurnConfig({ ...base, secret: 'has a space in it, long' })).toThrow(/spaces/);
    expect(() => generateTurnConfig({ ...base, relayPortRange: [50000, 40000] })).toThrow(/range/);
  });
});

describe('the coturn peer check used above', () => {
  it('reads ranges and IPv6 forms correctly', () => {
    expect(inRange('10.0.0.0-10.255.255.255', '10.20.30.40')).toBe(true);
    expect(inRange('10.0.0.0-10.255.255.255', '11.0.0.0')).toBe(false);
    expect(inRange('fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe80::abcd')).toBe(true);
    expect(inRange('::ffff:0.0.0.0-::ffff:255.255.255.255', '::ffff:10.0.0.1')).toBe(true);
    expect(inRange('::1', '::1')).toBe(true);
    expect(inRange('::1', '::2')).toBe(false);
    expect(inRange('0.0.0.0-255.255.255.255', '::1')).toBe(false);
  });
});
