// Presentation tickets: a short-lived, signed URL of the presented PDF for participants who have
// no account session nor kiosk token (invitation links, admitted guests). The signalling socket
// mints one only for an admitted participant of a meeting that is presenting that very version;
// the HTTP route (ticket-routes.ts) checks the signature, the expiry and that the version may still
// be shown to the whole room. Nothing is stored per ticket: the signature is the proof.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '@diemcau/protocol';
import type { Db } from '../db/database.js';

/** How long a ticket works: long enough for a meeting, short enough that a leaked link dies. */
export const TICKET_TTL_MS = 2 * 60 * 60 * 1000;

/** The settings key of the signing key (shared by every node of a cluster through the database). */
export const TICKET_SECRET_SETTING = 'presentation_ticket_secret';

export interface TicketSubject {
  meetingId: string;
  documentId: string;
  versionId: string;
}

export interface MintedTicket {
  /** Same-origin path and query of the PDF. */
  url: string;
  expiresAt: string;
}

const TICKET_RE = /^(\d{1,15})\.([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/;

/** Mints and verifies tickets with one key; the key is read (or created once) from the settings. */
export class PresentationTickets {
  #key: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
    private readonly ttlMs = TICKET_TTL_MS,
  ) {}

  /** A ticket URL of `subject` for `participantId`, valid for the ticket lifetime from now. */
  async mint(subject: TicketSubject, participantId: string): Promise<MintedTicket> {
    const key = await this.#secret();
    const expires = this.now().getTime() + this.ttlMs;
    const pid = Buffer.from(participantId, 'utf8').toString('base64url');
    const ticket = `${expires}.${pid}.${sign(key, subject, participantId, expires)}`;
    return { url: ticketUrl(subject, ticket), expiresAt: new Date(expires).toISOString() };
  }

  /**
   * The participant a ticket was minted for, or null when it is malformed, forged, expired or for
   * another meeting, document or version.
   */
  async verify(subject: TicketSubject, ticket: string): Promise<string | null> {
    const m = TICKET_RE.exec(ticket);
    if (!m) return null;
    const [, exp = '', pidText = '', mac = ''] = m;
    const expires = Number(exp);
    if (!Number.isSafeInteger(expires) || expires <= this.now().getTime()) return null;
    const participantId = Buffer.from(pidText, 'base64url').toString('utf8');
    const expected = Buffer.from(sign(await this.#secret(), subject, participantId, expires), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return participantId;
  }

  #secret(): Promise<Buffer> {
    this.#key ??= loadOrCreateSecret(this.db).catch((err: unknown) => {
      this.#key = null; // a passing database error must not disable tickets until restart
      throw err;
    });
    return this.#key;
  }
}

/** The URL a ticket opens; the route in ticket-routes.ts matches it. */
export const ticketUrl = (s: TicketSubject, ticket: string): string =>
  `/api/presentations/${encodeURIComponent(s.meetingId)}/${s.documentId}/${s.versionId}.pdf?ticket=${ticket}`;

/** HMAC-SHA256 over the fields as a JSON array (no separator inside an id can shift a field). */
function sign(key: Buffer, s: TicketSubject, participantId: string, expires: number): string {
  const payload = JSON.stringify([
    'present-ticket/1',
    s.meetingId,
    s.documentId,
    s.versionId,
    participantId,
    expires,
  ]);
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/**
 * The signing key: created once per installation. Insert-if-absent then read back, so concurrent
 * nodes agree on one key.
 */
async function loadOrCreateSecret(db: Db): Promise<Buffer> {
  await db
    .insertInto('settings')
    .values({ key: TICKET_SECRET_SETTING, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', TICKET_SECRET_SETTING)
    .executeTakeFirst();
  if (!row || row.value.length < 32) throw new AppError('internal', 'presentation ticket key missing');
  return Buffer.from(row.value, 'utf8');
}
