// The e-mail path end to end: a giấy mời queued by the API, sent by the outbox through nodemailer
// to a real SMTP sink on 127.0.0.1, received with its Vietnamese subject and its .ics intact;
// retries with backoff, failure, no-SMTP queueing and the admin outbox routes.
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { SMTPServer } from 'smtp-server';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { buildTestApp, PEOPLE, seedPeople } from '../meetings/testing.js';
import type { ResponseBody as Body } from '../meetings/testing.js';
import { asUser } from '../testing/fake-auth.js';
import { escapeHtml } from './compose.js';
import { OutboxSender, OutboxStore } from './outbox.js';
import type { MailMessage, MailTransport } from './outbox.js';
import { createSmtpTransport, parseMailbox, transportFromEnv } from './transport.js';

let db: Db;
let app: FastifyInstance;
const admin = asUser(['admin'], { userId: 'u_admin' });

beforeEach(async () => {
  db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  ({ app } = await buildTestApp(db));
});
afterEach(async () => {
  await app.close();
  await db.destroy();
});

const TITLE = 'Sinh hoạt chuyên đề “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”';

async function invite(): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/meetings',
    headers: admin,
    payload: {
      title: TITLE,
      type: 'chuyen_de',
      startsAt: '2026-12-01T01:00:00Z',
      hostBridgePointId: 'bp_hoi_truong',
      invitees: [
        { personId: PEOPLE.cell.id, role: 'presenter' },
        { personId: PEOPLE.noEmail.id, role: 'delegate' },
      ],
      agenda: [{ title: 'Chuyên đề năm 2026 <b>quan trọng</b>', plannedMinutes: 45 }],
      sendInvitations: true,
    },
  });
  expect(res.json<Body>()).toMatchObject({ invitations: { queued: 1, skippedNoEmail: 1 } });
  return res.json<{ meeting: { id: string } }>().meeting.id;
}

// ── A tiny MIME reader for the test (headers, RFC 2047 words, multipart, base64/QP) ─────────────

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body: raw.slice(at + 4) };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding?.toLowerCase() === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function leafParts(raw: string): { headers: Map<string, string>; content: string }[] {
  const { headers, body } = splitHead(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!type.startsWith('multipart/') || !boundary)
    return [{ headers, content: decodeBody(body, headers.get('content-transfer-encoding')) }];
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => leafParts(part.replace(/^\r\n/, '')));
}

describe('giấy mời through a local SMTP sink', () => {
  let sink: SMTPServer;
  let received: { from: string; to: string[]; raw: string }[];
  let port: number;

  beforeEach(async () => {
    received = [];
    sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    port = (sink.server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  });

  it('arrives with the Vietnamese subject, escaped HTML and the .ics (method=REQUEST) attached', async () => {
    const meetingId = await invite();
    const transport = createSmtpTransport(
      `smtp://127.0.0.1:${port}`,
      'Văn phòng Đảng ủy <vp@anphudong.test>',
    );
    const sender = new OutboxSender({ db, transport });
    expect(await sender.flush()).toBe(1);
    await sender.stop();
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.to).toEqual([PEOPLE.cell.email]);
    expect(mail.from).toBe('vp@anphudong.test');
    const { headers } = splitHead(mail.raw);
    expect(decodeWords(headers.get('subject') ?? '')).toBe(`Giấy mời: ${TITLE} – 08:00 Thứ Ba, 01/12/2026`);
    expect(decodeWords(headers.get('from') ?? '')).toContain('Văn phòng Đảng ủy');
    const parts = leafParts(mail.raw);
    const text = parts.find((p) => p.headers.get('content-type')?.startsWith('text/plain'))?.content ?? '';
    expect(text).toContain('Kính gửi đồng chí Lê Văn Hai,');
    expect(text).toContain('Vai trò của đồng chí: Báo cáo viên');
    expect(text).toMatch(new RegExp(`/m/${meetingId}\\?name=.+&t=[A-Za-z0-9_-]{43}`));
    const html = parts.find((p) => p.headers.get('content-type')?.startsWith('text/html'))?.content ?? '';
    expect(html).toContain(escapeHtml('Chuyên đề năm 2026 <b>quan trọng</b>'));
    expect(html).not.toContain('<b>quan trọng</b>');
    const ics = parts.find((p) => p.headers.get('content-type')?.startsWith('text/calendar'));
    expect(ics?.headers.get('content-type')).toMatch(/method=REQUEST/);
    expect(ics?.headers.get('content-disposition')).toContain('giay-moi.ics');
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(ics?.content ?? '') as unknown[]).getFirstSubcomponent('vevent')!,
    );
    expect(event.summary).toBe(TITLE);
    expect(event.uid).toBe(`${meetingId}@diemcau`);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect((await new OutboxStore(db).list())[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('outbox', () => {
  it('without SMTP_URL nothing is sent and mails stay queued', async () => {
    await invite();
    expect(transportFromEnv({})).toBeNull();
    const sender = new OutboxSender({ db, transport: null });
    sender.start();
    expect(await sender.flush()).toBe(0);
    await sender.stop();
    expect((await new OutboxStore(db).list()).map((e) => e.status)).toEqual(['queued']);
  });

  it('retries with backoff, then marks failed; an admin sees it and re-queues it', async () => {
    await invite();
    let now = new Date('2026-11-26T00:00:00Z');
    const attempts: MailMessage[] = [];
    const failing: MailTransport = {
      send: (m) => {
        attempts.push(m);
        return Promise.reject(new Error('421 try later'));
      },
    };
    const sender = new OutboxSender({
      db,
      transport: failing,
      clock: () => now,
      maxAttempts: 3,
      backoffMs: 1000,
    });
    await sender.flush();
    await sender.flush(); // within the backoff: not tried again
    expect(attempts).toHaveLength(1);
    now = new Date(now.getTime() + 1000);
    await sender.flush();
    expect(attempts).toHaveLength(2);
    now = new Date(now.getTime() + 1999);
    await sender.flush();
    expect(attempts).toHaveLength(2);
    now = new Date(now.getTime() + 1);
    await sender.flush();
    expect(attempts).toHaveLength(3);
    const [entry] = await new OutboxStore(db).list();
    expect(entry).toMatchObject({ status: 'failed', attempts: 3, lastError: '421 try later' });

    const list = await app.inject({ url: '/api/admin/outbox?status=failed', headers: admin });
    expect(list.json<Body>().items).toHaveLength(1);
    expect(list.json<Body>().items[0]?.subject).toContain('Giấy mời: ');
    const retry = await app.inject({
      method: 'POST',
      url: `/api/admin/outbox/${entry!.id}/retry`,
      headers: admin,
    });
    expect(retry.json<Body>()).toEqual({ status: 'queued' });
    expect(
      (await app.inject({ method: 'POST', url: `/api/admin/outbox/${entry!.id}/retry`, headers: admin }))
        .statusCode,
    ).toBe(404);
    const ok: MailTransport = { send: () => Promise.resolve() };
    expect(await new OutboxSender({ db, transport: ok }).flush()).toBe(1);
  });

  it('admin routes: admins only; validated', async () => {
    for (const headers of [{}, asUser(['chair'])]) {
      expect((await app.inject({ url: '/api/admin/outbox', headers })).statusCode).toBeGreaterThanOrEqual(
        401,
      );
    }
    const bad = await app.inject({ url: '/api/admin/outbox?status=lost', headers: admin });
    expect(bad.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'status' });
  });

  it('parses sender mailboxes', () => {
    expect(parseMailbox('Điểm Cầu <a@b.vn>')).toEqual({ name: 'Điểm Cầu', email: 'a@b.vn' });
    expect(parseMailbox('a@b.vn')).toEqual({ name: 'a@b.vn', email: 'a@b.vn' });
  });
});
