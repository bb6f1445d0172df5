// Time-limited TURN credentials (the "TURN REST API" coturn implements with `use-auth-secret`):
// username "<expiry unix seconds>:<who>", password base64(HMAC-SHA1(secret, username)). Each
// signalling connection gets its own, in the `joined` message; nothing is stored.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IceServer } from '@diemcau/protocol';
import type { Identity } from '../live/admission.js';

/** How long issued credentials stay valid (a long meeting plus its reconnects). */
export const DEFAULT_TTL_SECONDS = 12 * 60 * 60;

export interface TurnCredential {
  username: string;
  credential: string;
  /** Unix seconds after which coturn refuses the credential. */
  expiresAt: number;
}

/** Signs a credential for `who` valid until now + ttl. */
export function signTurnCredential(
  secret: string,
  who: string,
  nowMs: number,
  ttlSeconds: number,
): TurnCredential {
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${who}`;
  return { username, credential: turnPassword(secret, username), expiresAt };
}

/** The password coturn expects for a REST API username. */
export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/**
 * The user part of the username: an opaque id for coturn's log, never a name. Guests get a
 * random one so that two guests' allocations are told apart.
 */
export function turnUser(identity: Identity): string {
  if (identity.userId) return `u-${identity.userId}`;
  if (identity.deviceId) return `d-${identity.deviceId}`;
  return `guest-${randomBytes(6).toString('hex')}`;
}

export interface TurnEndpoint {
  /** Host name or address clients put in the URLs. */
  host: string;
  port: number;
  /** The `turns:` port, or null without TLS. */
  tlsPort: number | null;
}

/** turn: over UDP and TCP, and turns: when TLS is configured. */
export function turnUrls(endpoint: TurnEndpoint): string[] {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return [
    `turn:${host}:${endpoint.port}?transport=udp`,
    `turn:${host}:${endpoint.port}?transport=tcp`,
    ...(endpoint.tlsPort === null ? [] : [`turns:${host}:${endpoint.tlsPort}?transport=tcp`]),
  ];
}

export interface TurnIssuerOptions {
  secret: string;
  endpoint: TurnEndpoint;
  ttlSeconds?: number;
  now?: () => number;
}

/** Hands every admitted participant its own short-lived TURN credential. */
export class TurnCredentialIssuer {
  readonly #secret: string;
  readonly #urls: string[];
  readonly #ttl: number;
  readonly #now: () => number;

  constructor(options: TurnIssuerOptions) {
    this.#secret = options.secret;
    this.#urls = turnUrls(options.endpoint);
    this.#ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.#now = options.now ?? Date.now;
  }

  iceServers(identity: Identity): IceServer[] {
    const { username, credential } = signTurnCredential(
      this.#secret,
      turnUser(identity),
      this.#now(),
      this.#ttl,
    );
    return [{ urls: [...this.#urls], username, credential }];
  }
}

const SECRET_FILE = 'turn-secret';

/**
 * The shared secret: TURN_SECRET when given, else the one kept in DATA_DIR/turn-secret (made on
 * first start), so that credentials issued before a restart stay valid after it.
 */
export async function loadOrCreateTurnSecret(dataDir: string, given: string | undefined): Promise<string> {
  if (given) return given;
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return stored;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
