// Presentation tickets: a minted ticket opens exactly its meeting, document and version for its
// lifetime; a tampered, expired or moved ticket is refused; the key is created once and shared
// (a second instance — another node, a restart — verifies what the first minted). Both engines.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { PresentationTickets, TICKET_SECRET_SETTING, TICKET_TTL_MS } from './ticket.js';

const S = { meetingId: 'm_giao_ban_12', documentId: 'doc_bao_cao_11', versionId: 'dv_bao_cao_11a' };
const T0 = new Date('2030-12-01T01:00:00.000Z');

let t: TestDatabase | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

const ticketOf = (url: string): string => new URL(url, 'https://x.invalid').searchParams.get('ticket') ?? '';

describe.each(DB_KINDS)('presentation tickets (%s)', (kind) => {
  it('mints a URL of the version that verifies for its participant until it expires', async () => {
    t = await createTestDatabase(kind);
    let now = T0;
    const tickets = new PresentationTickets(t.db, () => now);
    const minted = await tickets.mint(S, 'p_khach_1');
    expect(minted.expiresAt).toBe(new Date(T0.getTime() + TICKET_TTL_MS).toISOString());
    expect(
      minted.url.startsWith(`/api/presentations/${S.meetingId}/${S.documentId}/${S.versionId}.pdf?ticket=`),
    ).toBe(true);
    const ticket = ticketOf(minted.url);
    expect(await tickets.verify(S, ticket)).toBe('p_khach_1');

    // Another instance over the same database (another node, a restart) agrees on the key.
    const other = new PresentationTickets(t.db, () => now);
    expect(await other.verify(S, ticket)).toBe('p_khach_1');

    now = new Date(T0.getTime() + TICKET_TTL_MS - 1);
    expect(await tickets.verify(S, ticket)).toBe('p_khach_1');
    now = new Date(T0.getTime() + TICKET_TTL_MS);
    expect(await tickets.verify(S, ticket)).toBeNull();
  });

  it('refuses a ticket for another meeting, document or version, tampered or malformed', async () => {
    t = await createTestDatabase(kind);
    const tickets = new PresentationTickets(t.db, () => T0);
    const ticket = ticketOf((await tickets.mint(S, 'p_khach_1')).url);
    expect(await tickets.verify({ ...S, meetingId: 'm_other' }, ticket)).toBeNull();
    expect(await tickets.verify({ ...S, documentId: 'doc_other_doc' }, ticket)).toBeNull();
    expect(await tickets.verify({ ...S, versionId: 'dv_bao_cao_11b' }, ticket)).toBeNull();

    const [exp = '', pid = '', mac = ''] = ticket.split('.');
    const flip = (s: string): string => (s.startsWith('A') ? `B${s.slice(1)}` : `A${s.slice(1)}`);
    // A later expiry, another participant, a changed signature: each breaks the signature.
    expect(await tickets.verify(S, `${Number(exp) + 1000}.${pid}.${mac}`)).toBeNull();
    expect(
      await tickets.verify(S, `${exp}.${Buffer.from('p_chu_toa').toString('base64url')}.${mac}`),
    ).toBeNull();
    expect(await tickets.verify(S, `${exp}.${pid}.${flip(mac)}`)).toBeNull();
    for (const bad of ['', 'x', `${exp}.${pid}`, `${exp}.${pid}.${mac}x`, `-1.${pid}.${mac}`])
      expect(await tickets.verify(S, bad)).toBeNull();
  });

  it('a ticket signed with another installation’s key is refused', async () => {
    t = await createTestDatabase(kind);
    const tickets = new PresentationTickets(t.db, () => T0);
    const ticket = ticketOf((await tickets.mint(S, 'p_khach_1')).url);
    const stored = await t.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', TICKET_SECRET_SETTING)
      .executeTakeFirstOrThrow();
    expect(stored.value.length).toBeGreaterThanOrEqual(43);
    await t.db
      .updateTable('settings')
      .set({ value: 'another-installation-key-0123456789abcdefghij' })
      .where('key', '=', TICKET_SECRET_SETTING)
      .execute();
    expect(await new PresentationTickets(t.db, () => T0).verify(S, ticket)).toBeNull();
  });
});
