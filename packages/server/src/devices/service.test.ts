// Pure parts of the device domain: tokens and codes, online status, kiosk status, board order.
import { createHash } from 'node:crypto';
import { PAIRING_CODE_ALPHABET } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { compareForBoard, kioskStatusOf, toDeviceView } from './service.js';
import { isOnline } from './status.js';
import type { DeviceRecord } from './store.js';
import { deviceTokenFromHeader, hashDeviceToken, newDeviceToken, newPairingCode } from './tokens.js';

const base: DeviceRecord = {
  id: 'dev1',
  bridgePointId: null,
  bridgePointName: null,
  status: 'pending',
  pairingCode: 'ABC234',
  pairingExpiresAt: '2026-03-02T01:15:00.000Z',
  label: '',
  autoJoin: false,
  userAgent: 'kiosk',
  createdAt: '2026-03-02T01:00:00.000Z',
  pairedAt: null,
  revokedAt: null,
  lastHeartbeatAt: null,
  hasCamera: null,
  hasMicrophone: null,
  lastNetworkTest: null,
};

describe('tokens and pairing codes', () => {
  it('makes 256-bit base64url tokens stored as hex SHA-256', () => {
    const token = newDeviceToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashDeviceToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashDeviceToken(token)).toHaveLength(64);
  });

  it('draws 6-character codes from the unambiguous alphabet only', () => {
    const codes = Array.from({ length: 500 }, newPairingCode);
    for (const code of codes) {
      expect(code).toHaveLength(6);
      for (const ch of code) expect(PAIRING_CODE_ALPHABET).toContain(ch);
    }
    expect(codes.join('')).not.toMatch(/[01OIL]/);
    expect(new Set(codes).size).toBeGreaterThan(490);
  });

  it('reads only the Device scheme from an Authorization header', () => {
    const token = newDeviceToken();
    expect(deviceTokenFromHeader(`Device ${token}`)).toBe(token);
    expect(deviceTokenFromHeader(`Bearer ${token}`)).toBeNull();
    expect(deviceTokenFromHeader(undefined)).toBeNull();
    expect(deviceTokenFromHeader('Device short')).toBeNull();
  });
});

describe('status', () => {
  const now = new Date('2026-03-02T01:05:00.000Z');

  it('is online within 60 s of a heartbeat, never when revoked', () => {
    expect(isOnline({ status: 'paired', lastHeartbeatAt: '2026-03-02T01:04:00.001Z' }, now)).toBe(true);
    expect(isOnline({ status: 'paired', lastHeartbeatAt: '2026-03-02T01:04:00.000Z' }, now)).toBe(false);
    expect(isOnline({ status: 'revoked', lastHeartbeatAt: '2026-03-02T01:04:59.000Z' }, now)).toBe(false);
    expect(isOnline({ status: 'paired', lastHeartbeatAt: null }, now)).toBe(false);
  });

  it('tells a kiosk its code expired once the code lapses', () => {
    expect(kioskStatusOf(base, now)).toBe('pending');
    expect(kioskStatusOf(base, new Date('2026-03-02T01:15:00.000Z'))).toBe('expired');
    expect(kioskStatusOf({ ...base, status: 'paired', pairingExpiresAt: null }, now)).toBe('paired');
    expect(kioskStatusOf({ ...base, status: 'revoked', pairingExpiresAt: null }, now)).toBe('revoked');
  });

  it('never shows the pairing code on the board', () => {
    expect(JSON.stringify(toDeviceView(base, now))).not.toContain('ABC234');
  });

  it('orders the board: paired by point name, then pending, then revoked (latest first)', () => {
    const view = (over: Partial<DeviceRecord>) => toDeviceView({ ...base, ...over }, now);
    const list = [
      view({ id: 'r1', status: 'revoked', revokedAt: '2026-03-01T00:00:00.000Z' }),
      view({ id: 'p', status: 'pending' }),
      view({ id: 'kp4', status: 'paired', bridgePointId: 'b4', bridgePointName: 'Văn phòng khu phố 4' }),
      view({ id: 'r2', status: 'revoked', revokedAt: '2026-03-02T00:00:00.000Z' }),
      view({ id: 'ht', status: 'paired', bridgePointId: 'h', bridgePointName: 'Hội trường UBND phường' }),
    ].sort(compareForBoard);
    expect(list.map((d) => d.id)).toEqual(['ht', 'kp4', 'p', 'r2', 'r1']);
  });
});
