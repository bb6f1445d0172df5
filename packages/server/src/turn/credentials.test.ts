// TURN REST API credentials: checked here the way coturn checks them (userdb.c: the expiry is the
// username's leading digits, the password base64(HMAC-SHA1(secret, username))), and persisted secrets.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Identity } from '../live/admission.js';
import {
  DEFAULT_TTL_SECONDS,
  TurnCredentialIssuer,
  loadOrCreateTurnSecret,
  signTurnCredential,
  turnUrls,
} from './credentials.js';

const SECRET = 'shared-secret-of-the-ward-server';

/** coturn 4.6's acceptance test for `use-auth-secret`, written independently of our signer. */
function coturnAccepts(secret: string, username: string, password: string, nowSeconds: number): boolean {
  const colon = username.indexOf(':');
  const head = colon < 0 ? username : username.slice(0, colon);
  const expiry = /^\d+$/.test(head) ? Number(head) : Number.parseInt(username.slice(colon + 1), 10);
  if (!(expiry >= nowSeconds)) return false;
  const expected = createHmac('sha1', Buffer.from(secret, 'utf8')).update(username, 'utf8').digest();
  return Buffer.from(password, 'base64').equals(expected);
}

const person: Identity = {
  name: 'Nguyễn Thị Hoa',
  bridgePoint: 'Văn phòng khu phố 3',
  role: 'delegate',
  moderator: false,
  userId: 'usr_42',
  personId: 'per_7',
  deviceId: null,
  bridgePointId: 'bp_kp3',
};
const kiosk: Identity = { ...person, userId: null, personId: null, deviceId: 'dev_9' };
const guest: Identity = { ...person, userId: null, personId: null, deviceId: null };

describe('signTurnCredential', () => {
  const now = Date.UTC(2026, 10, 26, 1, 0, 0);
  const nowSeconds = now / 1000;

  it('makes a credential coturn accepts until it expires, and refuses after', () => {
    const c = signTurnCredential(SECRET, 'u-usr_42', now, 3600);
    expect(c.username).toBe(`${nowSeconds + 3600}:u-usr_42`);
    expect(c.expiresAt).toBe(nowSeconds + 3600);
    expect(coturnAccepts(SECRET, c.username, c.credential, nowSeconds)).toBe(true);
    expect(coturnAccepts(SECRET, c.username, c.credential, nowSeconds + 3600)).toBe(true);
    expect(coturnAccepts(SECRET, c.username, c.credential, nowSeconds + 3601)).toBe(false);
  });

  it('is worthless with another secret, another user or a moved expiry', () => {
    const c = signTurnCredential(SECRET, 'u-usr_42', now, 3600);
    expect(coturnAccepts('another-secret-of-16+', c.username, c.credential, nowSeconds)).toBe(false);
    expect(coturnAccepts(SECRET, c.username.replace('usr_42', 'usr_43'), c.credential, nowSeconds)).toBe(
      false,
    );
    const later = `${nowSeconds + 7200}:u-usr_42`;
    expect(coturnAccepts(SECRET, later, c.credential, nowSeconds)).toBe(false);
  });

  it('matches a known HMAC-SHA1 vector', () => {
    // openssl: printf '1700000000:u-1' | openssl dgst -sha1 -hmac 'shared-secret-of-the-ward-server' -binary | base64
    const c = signTurnCredential(SECRET, 'u-1', 1_700_000_000_000 - 3600_000, 3600);
    expect(c.username).toBe('1700000000:u-1');
    expect(c.credential).toBe('/UWuZ1ypTL1YRAdrAhVZDzC2H5U=');
  });
});

describe('TurnCredentialIssuer', () => {
  const now = Date.UTC(2026, 10, 26, 1, 0, 0);
  const issuer = new TurnCredentialIssuer({
    secret: SECRET,
    endpoint: { host: '192.168.1.10', port: 3478, tlsPort: null },
    now: () => now,
  });

  it('gives each participant UDP and TCP TURN URLs with a 12 h credential of its own', () => {
    const [server, ...rest] = issuer.iceServers(person);
    expect(rest).toEqual([]);
    expect(server?.urls).toEqual([
      'turn:192.168.1.10:3478?transport=udp',
      'turn:192.168.1.10:3478?transport=tcp',
    ]);
    expect(server?.username).toBe(`${now / 1000 + DEFAULT_TTL_SECONDS}:u-usr_42`);
    expect(DEFAULT_TTL_SECONDS).toBe(12 * 3600);
    expect(coturnAccepts(SECRET, server?.username ?? '', server?.credential ?? '', now / 1000)).toBe(true);
    expect(
      coturnAccepts(SECRET, server?.username ?? '', server?.credential ?? '', now / 1000 + 12 * 3600 + 1),
    ).toBe(false);
  });

  it('names kiosks by device and gives guests a random id, never a person’s name', () => {
    expect(issuer.iceServers(kiosk)[0]?.username).toMatch(/^\d+:d-dev_9$/);
    const a = issuer.iceServers(guest)[0]?.username ?? '';
    const b = issuer.iceServers(guest)[0]?.username ?? '';
    expect(a).toMatch(/^\d+:guest-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(JSON.stringify(issuer.iceServers(person))).not.toContain('Hoa');
  });

  it('adds turns: when TLS is configured, and brackets IPv6 hosts', () => {
    expect(turnUrls({ host: 'turn.phuong.vn', port: 3478, tlsPort: 5349 })).toEqual([
      'turn:turn.phuong.vn:3478?transport=udp',
      'turn:turn.phuong.vn:3478?transport=tcp',
      'turns:turn.phuong.vn:5349?transport=tcp',
    ]);
    expect(turnUrls({ host: '2001:db8::10', port: 3478, tlsPort: null })[0]).toBe(
      'turn:[2001:db8::10]:3478?transport=udp',
    );
  });
});

describe('loadOrCreateTurnSecret', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const tmp = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-turn-'));
    dirs.push(dir);
    return dir;
  };

  it('makes a secret once, readable only by us, and keeps it across restarts', async () => {
    const dir = tmp();
    const first = await loadOrCreateTurnSecret(dir, undefined);
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(fs.statSync(path.join(dir, 'turn-secret')).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateTurnSecret(dir, undefined)).toBe(first);
    expect(await loadOrCreateTurnSecret(tmp(), undefined)).not.toBe(first);
  });

  it('uses TURN_SECRET when given and writes nothing', async () => {
    const dir = tmp();
    expect(await loadOrCreateTurnSecret(dir, SECRET)).toBe(SECRET);
    expect(fs.existsSync(path.join(dir, 'turn-secret'))).toBe(false);
  });
});
