// TURN_* variables as loadConfig reads them: when TURN is on by default, what clients are told to
// connect to, and the mistakes refused at start-up.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

const ROOT = '/srv/diemcau';
/** A ward server on its LAN, with a turnserver binary that certainly exists (node itself). */
const ward = {
  MEDIA_IFACE: 'eth0',
  MEDIA_ADDR: '192.168.1.10',
  PUBLIC_ORIGIN: 'https://hop.phuong.vn',
  TURN_BINARY: process.execPath,
};
const turn = (env: Record<string, string>) => loadConfig(env, ROOT).turn;

describe('TURN settings', () => {
  it('are on by default for a ward server with the turnserver binary, relaying only to Janus', () => {
    const t = turn(ward);
    expect(t.enabled).toBe(true);
    expect(t.port).toBe(3478);
    expect(t.tlsPort).toBe(5349);
    expect(t.tls).toBeNull();
    expect(t.secret).toBeUndefined();
    expect(t.realm).toBe('hop.phuong.vn');
    expect(t.host).toBe('hop.phuong.vn');
    expect(t.listenAddress).toBeUndefined();
    expect(t.relayAddress).toBe('192.168.1.10');
    expect(t.peerAddresses).toEqual(['192.168.1.10']);
    expect(t.relayPortRange).toEqual([49152, 65535]);
  });

  it('are off without the binary, without MEDIA_ADDR, without Janus, or when asked', () => {
    expect(turn({ ...ward, TURN_BINARY: '/nonexistent/turnserver' }).enabled).toBe(false);
    expect(turn({ TURN_BINARY: process.execPath }).enabled).toBe(false);
    expect(turn({ ...ward, JANUS_ENABLED: '0' }).enabled).toBe(false);
    expect(turn({ ...ward, TURN_ENABLED: '0' }).enabled).toBe(false);
  });

  it('tell clients the NAT address or the certificate name, and allow Janus’s other addresses', () => {
    const t = turn({
      ...ward,
      MEDIA_PUBLIC_ADDR: '203.0.113.7',
      TURN_EXTERNAL_ADDR: '203.0.113.7',
      TURN_PEER_ADDRS: '192.168.1.11, 192.168.1.12',
      TURN_TLS_CERT: 'certs/turn.pem',
      TURN_TLS_KEY: 'certs/turn.key',
    });
    expect(t.host).toBe('203.0.113.7');
    expect(t.peerAddresses).toEqual(['192.168.1.10', '203.0.113.7', '192.168.1.11', '192.168.1.12']);
    expect(t.tls).toEqual({ cert: '/srv/diemcau/certs/turn.pem', key: '/srv/diemcau/certs/turn.key' });
    expect(turn({ ...ward, TURN_EXTERNAL_ADDR: '203.0.113.7', TURN_HOST: 'turn.phuong.vn' }).host).toBe(
      'turn.phuong.vn',
    );
    expect(turn({ ...ward, TURN_LISTEN_ADDR: '192.168.1.20' }).host).toBe('192.168.1.20');
  });

  it('refuses TURN without a Janus address, names for addresses, half a certificate, short secrets', () => {
    expect(() => turn({ TURN_ENABLED: '1' })).toThrow(/TURN_ENABLED.*MEDIA_ADDR/);
    expect(() => turn({ ...ward, TURN_PEER_ADDRS: 'janus2.local' })).toThrow(/TURN_PEER_ADDRS/);
    expect(() => turn({ ...ward, TURN_LISTEN_ADDR: 'eth0' })).toThrow(/TURN_LISTEN_ADDR/);
    expect(() => turn({ ...ward, TURN_TLS_CERT: '/etc/turn.pem' })).toThrow(/TURN_TLS_KEY/);
    expect(() => turn({ ...ward, TURN_SECRET: 'short' })).toThrow(/TURN_SECRET/);
    expect(() => turn({ ...ward, TURN_RELAY_MIN: '50000', TURN_RELAY_MAX: '40000' })).toThrow(
      /TURN_RELAY_MIN/,
    );
  });
});
