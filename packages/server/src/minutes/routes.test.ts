// The minutes routes end to end over HTTP (fastify.inject): the secretary drafts from the record,
// auto-saves with a revision (a stale save is refused and nothing is lost), submits; the chair
// returns or approves (locked, SHA-256 of the canonical content); a correction is a new version;
// who may read what (confidential meetings 404 for outsiders, no cross-meeting ids); exports; audit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MinutesContent, MinutesOverview, MinutesVersionView } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { minutesSha256 } from './model.js';
import { CALLERS, buildMinutesApp, seedMinutesMeeting } from './testing.js';
import type { MinutesTestApp } from './testing.js';

let t: TestDatabase | null = null;
let h: MinutesTestApp | null = null;
afterEach(async () => {
  await h?.app.close();
  await t?.dispose();
  t = null;
  h = null;
});

const ID = 'm_bien_ban_11';

async function setup(type: 'giao_ban' | 'chi_bo' = 'giao_ban'): Promise<MinutesTestApp> {
  t = await createTestDatabase('sqlite');
  await seedMinutesMeeting(t.db, ID, type);
  h = await buildMinutesApp(t.db, () => new Date('2026-11-26T03:00:00.000Z'));
  return h;
}

type Who = keyof typeof CALLERS;
const base = `/api/meetings/${ID}/minutes`;

function call(app: MinutesTestApp, who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return app.app.inject({ method, url, headers: CALLERS[who], ...(payload ? { payload } : {}) });
}

/** The secretary's whole flow up to a submitted version 1; returns its view. */
async function draftAndSubmit(app: MinutesTestApp): Promise<MinutesVersionView> {
  const created = await call(app, 'secretary', 'POST', base, {});
  expect(created.statusCode).toBe(201);
  const v = created.json<MinutesVersionView>();
  const content: MinutesContent = {
    ...v.content,
    items: v.content.items.map((i, n) => ({
      ...i,
      conclusion: n === 0 ? 'Giao Công an phường tăng cường tuần tra.' : 'Thống nhất ra quân ngày 30/11.',
    })),
  };
  const saved = await call(app, 'secretary', 'PUT', `${base}/versions/1`, { revision: v.revision, content });
  expect(saved.statusCode).toBe(200);
  const submitted = await call(app, 'secretary', 'POST', `${base}/versions/1/submit`, {
    revision: saved.json<MinutesVersionView>().revision,
  });
  expect(submitted.statusCode).toBe(200);
  return submitted.json<MinutesVersionView>();
}

describe('minutes routes', () => {
  it('drafts from the record, auto-saves with a revision check and refuses a stale save', async () => {
    const app = await setup();
    expect((await call(app, 'secretary', 'GET', base)).json<MinutesOverview>()).toMatchObject({
      current: null,
      versions: [],
      permissions: { edit: true, submit: true, approve: false },
    });
    const created = await call(app, 'secretary', 'POST', base, {});
    const v = created.json<MinutesVersionView>();
    expect(v).toMatchObject({ version: 1, status: 'draft', format: 'nd30', revision: 1, sha256: null });
    expect(v.content.header.issuingBody).toBe('ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG');
    expect(v.content.points.find((p) => p.name === 'Văn phòng khu phố 1')?.present).toEqual(['Lê Văn Hai']);
    // Only one open draft at a time.
    expect((await call(app, 'chair', 'POST', base, {})).json()).toMatchObject({ code: 'wrong_state' });

    const edited = { ...v.content, closing: 'Cuộc họp kết thúc lúc 09 giờ 15 phút.' };
    const first = await call(app, 'chair', 'PUT', `${base}/versions/1`, { revision: 1, content: edited });
    expect(first.json<MinutesVersionView>().revision).toBe(2);
    const stale = await call(app, 'secretary', 'PUT', `${base}/versions/1`, {
      revision: 1,
      content: { ...v.content, closing: 'bản cũ' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', field: 'revision' });
    const now = (await call(app, 'secretary', 'GET', `${base}/versions/1`)).json<MinutesVersionView>();
    expect(now.content.closing).toBe('Cuộc họp kết thúc lúc 09 giờ 15 phút.');
    expect(now.revision).toBe(2);
  });

  it('answers 400 with the field for bad input', async () => {
    const app = await setup();
    const v = (await call(app, 'secretary', 'POST', base, {})).json<MinutesVersionView>();
    const bad = await call(app, 'secretary', 'PUT', `${base}/versions/1`, {
      revision: v.revision,
      content: { ...v.content, header: { ...v.content.header, date: '26/11/2026' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'content.header.date' });
    expect((await call(app, 'secretary', 'POST', base, { format: 'a4' })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'format',
    });
    expect((await call(app, 'secretary', 'GET', `${base}/versions/abc`)).json()).toMatchObject({
      code: 'validation_failed',
      field: 'version',
    });
    expect(
      (await call(app, 'chair', 'POST', `${base}/versions/1/return`, { revision: 1, comment: ' ' })).json(),
    ).toMatchObject({
      field: 'comment',
    });
  });

  it('lets only the secretary submit and only the chair return or approve; approval seals and locks', async () => {
    const app = await setup();
    const created = (await call(app, 'secretary', 'POST', base, {})).json<MinutesVersionView>();
    expect((await call(app, 'chair', 'POST', `${base}/versions/1/submit`, { revision: 1 })).statusCode).toBe(
      403,
    );
    expect(
      (await call(app, 'delegate', 'PUT', `${base}/versions/1`, { revision: 1, content: created.content }))
        .statusCode,
    ).toBe(404);
    const submitted = (
      await call(app, 'secretary', 'POST', `${base}/versions/1/submit`, { revision: 1 })
    ).json<MinutesVersionView>();
    expect(submitted.status).toBe('submitted');
    // Submitted minutes are not edited until the chair returns them.
    expect(
      (
        await call(app, 'secretary', 'PUT', `${base}/versions/1`, { revision: 2, content: created.content })
      ).json(),
    ).toMatchObject({ code: 'wrong_state' });
    expect(
      (await call(app, 'secretary', 'POST', `${base}/versions/1/approve`, { revision: 2 })).statusCode,
    ).toBe(403);

    const returned = await call(app, 'chair', 'POST', `${base}/versions/1/return`, {
      revision: 2,
      comment: 'Bổ sung kết luận mục 2.',
    });
    expect(returned.json<MinutesVersionView>()).toMatchObject({
      status: 'draft',
      returnComment: 'Bổ sung kết luận mục 2.',
      revision: 3,
    });
    const fixed = {
      ...created.content,
      items: created.content.items.map((i) => ({ ...i, conclusion: 'Thống nhất.' })),
    };
    await call(app, 'secretary', 'PUT', `${base}/versions/1`, { revision: 3, content: fixed });
    await call(app, 'secretary', 'POST', `${base}/versions/1/submit`, { revision: 4 });
    // The chair approves what they saw: an old revision is a conflict.
    expect(
      (await call(app, 'chair', 'POST', `${base}/versions/1/approve`, { revision: 4 })).json(),
    ).toMatchObject({ code: 'conflict' });
    const approved = (
      await call(app, 'chair', 'POST', `${base}/versions/1/approve`, { revision: 5 })
    ).json<MinutesVersionView>();
    expect(approved).toMatchObject({ status: 'approved', approvedByName: 'Nguyễn Thị Hồng Nhung' });
    expect(approved.sha256).toBe(minutesSha256(ID, 1, fixed));
    const locked = await call(app, 'secretary', 'PUT', `${base}/versions/1`, {
      revision: 6,
      content: created.content,
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json()).toMatchObject({ code: 'wrong_state' });

    expect(app.audit.entries.filter((e) => e.targetType === 'minutes').map((e) => e.action)).toEqual([
      'minutes.created',
      'minutes.submitted',
      'minutes.returned',
      'minutes.submitted',
      'minutes.approved',
    ]);
    expect(app.search.entries).toEqual([
      expect.objectContaining({
        kind: 'minutes',
        refId: approved.id,
        meetingId: ID,
        title: 'Biên bản Họp giao ban tình hình an ninh tháng 11',
      }),
    ]);
    expect(app.search.entries[0]?.body).toContain('Kết luận: Thống nhất.');
  });

  it('starts a correction from the approved text as a new version and keeps every version', async () => {
    const app = await setup();
    const v1 = await draftAndSubmit(app);
    await call(app, 'chair', 'POST', `${base}/versions/1/approve`, { revision: v1.revision });
    // The invited delegate sees approved versions only.
    const v2 = (await call(app, 'secretary', 'POST', base, { format: 'hd36' })).json<MinutesVersionView>();
    expect(v2).toMatchObject({ version: 2, status: 'draft', format: 'hd36' });
    expect(v2.content.items[0]?.conclusion).toBe('Giao Công an phường tăng cường tuần tra.');
    // Switching to the Party format rewrites the header, not the text.
    expect(v2.content.header).toMatchObject({
      issuingBody: 'UBND PHƯỜNG AN PHÚ ĐÔNG',
      number: 'Số      -BB/UBND',
    });
    const forDelegate = (await call(app, 'delegate', 'GET', base)).json<MinutesOverview>();
    expect(forDelegate.versions.map((v) => [v.version, v.status])).toEqual([[1, 'approved']]);
    expect(forDelegate.current?.version).toBe(1);
    expect(forDelegate.permissions).toEqual({ edit: false, submit: false, approve: false });
    expect((await call(app, 'delegate', 'GET', `${base}/versions/2`)).statusCode).toBe(404);
    const forSecretary = (await call(app, 'secretary', 'GET', base)).json<MinutesOverview>();
    expect(forSecretary.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'approved'],
      [2, 'draft'],
    ]);
  });

  it('exports DOCX and PDF to those who may read them, audited', async () => {
    const app = await setup();
    await call(app, 'secretary', 'POST', base, {});
    const docx = await call(app, 'secretary', 'GET', `${base}/versions/1/minutes.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(docx.headers['content-disposition']).toContain("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n");
    const pdf = await call(app, 'chair', 'GET', `${base}/versions/1/minutes.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A draft is not for the delegates.
    expect((await call(app, 'delegate', 'GET', `${base}/versions/1/minutes.pdf`)).statusCode).toBe(404);
    expect((await call(app, 'secretary', 'GET', `${base}/versions/1/minutes.odt`)).statusCode).toBe(400);
    expect(app.audit.entries.filter((e) => e.action === 'minutes.exported').map((e) => e.detail)).toEqual([
      { meetingId: ID, version: 1, kind: 'docx', status: 'draft' },
      { meetingId: ID, version: 1, kind: 'pdf', status: 'draft' },
    ]);
  });

  it('prints a draft as a draft and an approved version with its seal', async () => {
    const app = await setup();
    const v1 = await draftAndSubmit(app);
    const text = async (): Promise<string> => {
      const r = await call(app, 'chair', 'GET', `${base}/versions/1/minutes.pdf`);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'minutes-')), 'v.pdf');
      fs.writeFileSync(file, r.rawPayload);
      return execFileSync('/usr/bin/pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])
        .toString()
        .replace(/\s+/g, ' ');
    };
    expect(await text()).toContain('DỰ THẢO (phiên bản 1)');
    const approved = (
      await call(app, 'chair', 'POST', `${base}/versions/1/approve`, { revision: v1.revision })
    ).json<MinutesVersionView>();
    const sealed = await text();
    expect(sealed).not.toContain('DỰ THẢO');
    expect(sealed).toContain(`Mã kiểm tra SHA-256: ${approved.sha256 ?? 'none'}`);
    expect(sealed).toContain('Kết luận: Giao Công an phường tăng cường tuần tra.');
  });

  it('hides a confidential party-cell meeting’s minutes from outsiders and anonymous callers', async () => {
    const app = await setup('chi_bo');
    const v = (await call(app, 'secretary', 'POST', base, {})).json<MinutesVersionView>();
    expect(v.format).toBe('hd36');
    expect(v.content.header.parentBody).toBe('ĐẢNG BỘ PHƯỜNG AN PHÚ ĐÔNG');
    for (const url of [base, `${base}/versions/1`, `${base}/versions/1/minutes.pdf`]) {
      const r = await call(app, 'outsider', 'GET', url);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ code: 'meeting_not_found' });
    }
    expect((await call(app, 'outsider', 'POST', base, {})).statusCode).toBe(404);
    expect((await app.app.inject({ method: 'GET', url: base })).statusCode).toBe(401);
    // An admin who is not the chair approves only when the meeting has no chair.
    expect((await call(app, 'admin', 'GET', base)).json<MinutesOverview>().permissions).toEqual({
      edit: true,
      submit: false,
      approve: false,
    });
  });

  it('never serves one meeting’s version through another meeting’s id', async () => {
    const app = await setup();
    await call(app, 'secretary', 'POST', base, {});
    const other = 'm_khac';
    if (!t) throw new Error('no database');
    await seedMinutesMeeting(t.db, other, 'giao_ban', false);
    // The other meeting exists and the secretary edits it too, but has no version 1 of its own.
    expect(
      (await call(app, 'secretary', 'GET', `/api/meetings/${other}/minutes`)).json<MinutesOverview>()
        .versions,
    ).toEqual([]);
    const r = await call(app, 'secretary', 'GET', `/api/meetings/${other}/minutes/versions/1`);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'not_found', field: 'version' });
    const submit = await call(app, 'secretary', 'POST', `/api/meetings/${other}/minutes/versions/1/submit`, {
      revision: 1,
    });
    expect(submit.json()).toMatchObject({ code: 'not_found', field: 'version' });
  });

  it('approves even when the search hook fails', async () => {
    const app = await setup();
    const v1 = await draftAndSubmit(app);
    app.search.fail = true;
    const r = await call(app, 'chair', 'POST', `${base}/versions/1/approve`, { revision: v1.revision });
    expect(r.statusCode).toBe(200);
    expect(r.json<MinutesVersionView>().status).toBe('approved');
  });
});
