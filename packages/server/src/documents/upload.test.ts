// Upload through the HTTP routes: every accepted kind is stored content-addressed and converted;
// a file lying about its type, an oversized file, a path-traversal name, and Office files with
// macros, external references or file-reading fields are refused or neutralized with a clear error
// — and nothing else changes (no rows, no blobs, no temp files, earlier documents intact).
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { DocumentListResponse, DocumentView } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PEOPLE } from '../meetings/testing.js';
import { asUser } from '../testing/fake-auth.js';
import { docx, jpeg, odt, odtLinkingFile, pdf, png, pptx, xlsx, zip } from './samples.js';
import { buildDocumentTestApp, FAKE_PAGES, filesUnder } from './testing.js';
import type { DocumentTestApp } from './testing.js';

const MAX = 256 * 1024;
const chair = asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id });

let t: DocumentTestApp;
let meetingId: string;

beforeEach(async () => {
  t = await buildDocumentTestApp({ maxBytes: MAX });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/meetings',
    headers: chair,
    payload: {
      title: 'Họp giao ban tháng 12',
      type: 'giao_ban',
      startsAt: '2030-12-01T01:00:00.000Z',
      hostBridgePointId: 'bp_hoi_truong',
      bridgePointIds: ['bp_kp4'],
      invitees: [{ personId: PEOPLE.chair.id, role: 'chair' }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  meetingId = res.json<{ meeting: { id: string } }>().meeting.id;
});
afterEach(async () => t.close());

function upload(fileName: string, body: Buffer | Readable, query: Record<string, string> = {}) {
  const qs = new URLSearchParams({ fileName, ...query }).toString();
  return t.app.inject({
    method: 'POST',
    url: `/api/meetings/${meetingId}/documents?${qs}`,
    headers: { ...chair, 'content-type': 'application/octet-stream' },
    payload: body,
  });
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const blobPath = (sha: string): string =>
  path.join(t.dataDir, 'blobs', 'sha256', sha.slice(0, 2), sha.slice(2));

async function list(): Promise<DocumentView[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/meetings/${meetingId}/documents`,
    headers: chair,
  });
  return res.json<DocumentListResponse>().documents;
}

/** The state that a refused upload must leave untouched. */
async function snapshot() {
  return {
    docs: (await list()).map((d) => [d.id, d.current.id, d.current.sha256]),
    blobs: filesUnder(path.join(t.dataDir, 'blobs', 'sha256')),
    temp: filesUnder(path.join(t.dataDir, 'blobs', 'tmp')),
    jobs: (await t.db.selectFrom('document_jobs').select('id').execute()).length,
    audit: t.audit.entries.length,
  };
}

describe('valid files of each type', () => {
  const cases: [string, Buffer, string, string][] = [
    ['Báo cáo tháng 11.pdf', pdf(3), 'pdf', 'application/pdf'],
    [
      'Biên bản.docx',
      docx({ paragraphs: ['Biên bản họp giao ban phường An Phú Đông'] }),
      'docx',
      'wordprocessingml',
    ],
    ['Số liệu hộ dân.xlsx', xlsx(), 'xlsx', 'spreadsheetml'],
    ['Trình chiếu.pptx', pptx(), 'pptx', 'presentationml'],
    ['Kế hoạch.odt', odt(), 'odt', 'opendocument.text'],
    ['Sơ đồ.png', png(), 'png', 'image/png'],
    ['Ảnh hiện trường.jpg', jpeg(), 'jpeg', 'image/jpeg'],
  ];

  it.each(cases)('%s is stored by its SHA-256 and made viewable', async (name, bytes, kind, mime) => {
    const res = await upload(name, bytes);
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json<DocumentView>();
    expect(doc.current.kind).toBe(kind);
    expect(doc.current.mime).toContain(mime);
    expect(doc.current.fileName).toBe(name.normalize('NFC'));
    expect(doc.title).toBe(name.replace(/\.[^.]+$/, ''));
    expect(doc.current.sha256).toBe(sha256(bytes));
    expect(fs.readFileSync(blobPath(sha256(bytes)))).toEqual(bytes);
    await t.docs.queue.idle();
    const after = await list();
    const stored = after.find((d) => d.id === doc.id);
    expect(stored?.current.conversion).toEqual({ state: 'ready', progress: 100, error: null });
    const image = kind === 'png' || kind === 'jpeg';
    expect(stored?.current.pageCount).toBe(image ? 1 : FAKE_PAGES);
    expect(t.converter.seen).toEqual(image ? [] : [kind]);
    // The original comes back byte for byte.
    const file = await t.app.inject({ method: 'GET', url: stored?.current.fileUrl ?? '', headers: chair });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload).toEqual(bytes);
    expect(filesUnder(path.join(t.dataDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('stores the same content once and keeps versions', async () => {
    const bytes = pdf(1);
    const first = (await upload('a.pdf', bytes)).json<DocumentView>();
    await upload('b.pdf', bytes);
    const v2 = await t.app.inject({
      method: 'POST',
      url: `/api/documents/${first.id}/versions?fileName=a-sua.pdf`,
      headers: { ...chair, 'content-type': 'application/octet-stream' },
      payload: pdf(2),
    });
    expect(v2.statusCode, v2.body).toBe(201);
    const doc = v2.json<DocumentView>();
    expect(doc.versions.map((v) => [v.version, v.fileName])).toEqual([
      [2, 'a-sua.pdf'],
      [1, 'a.pdf'],
    ]);
    expect(doc.current.version).toBe(2);
    await t.docs.queue.idle();
    const originals = filesUnder(path.join(t.dataDir, 'blobs', 'sha256')).filter((f) =>
      [sha256(bytes), sha256(pdf(2))].some((s) => f === `${s.slice(0, 2)}/${s.slice(2)}`),
    );
    expect(originals).toHaveLength(2);
  });
});

describe('refused or neutralized, nothing else affected', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeEach(async () => {
    expect((await upload('Có sẵn.pdf', pdf(1))).statusCode).toBe(201);
    await t.docs.queue.idle();
    before = await snapshot();
  });

  async function expectRefused(
    res: Awaited<ReturnType<typeof upload>>,
    status: number,
    code: string,
    message: RegExp,
  ): Promise<void> {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ code, field: 'file' });
    expect(res.json<{ message: string }>().message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  }

  it('a web page named .pdf', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>');
    await expectRefused(await upload('bao-cao.pdf', html), 415, 'file_type_refused', /web page/);
  });

  it('a PDF named .png, and a Word file named .pdf', async () => {
    await expectRefused(await upload('anh.png', pdf(1)), 415, 'file_type_refused', /says \.png.*PDF/);
    await expectRefused(await upload('bao-cao.pdf', docx()), 415, 'file_type_refused', /says \.pdf.*DOCX/);
  });

  it('a program, an old binary .doc and a ZIP that is no Office file', async () => {
    const elf = Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.alloc(60)]);
    await expectRefused(await upload('tai-lieu.docx', elf), 415, 'file_type_refused', /program/);
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(500)]);
    await expectRefused(await upload('cu.doc', ole), 415, 'file_type_refused', /OLE2/);
    const plainZip = zip([{ name: 'a.txt', data: 'x' }]);
    await expectRefused(await upload('nen.docx', plainZip), 415, 'file_type_refused', /not an Office/);
  });

  it('an oversized file, declared or streamed without a length', async () => {
    const big = Buffer.concat([pdf(1), Buffer.alloc(MAX)]);
    await expectRefused(await upload('lon.pdf', big), 413, 'file_too_large', /larger than/);
    const chunks = [pdf(1), Buffer.alloc(MAX / 2), Buffer.alloc(MAX / 2)];
    await expectRefused(await upload('lon.pdf', Readable.from(chunks)), 413, 'file_too_large', /larger than/);
  });

  it('a DOCX with macros', async () => {
    await expectRefused(await upload('macro.docx', docx({ macro: true })), 422, 'file_unsafe', /macro/i);
  });

  it('a DOCX whose template is fetched from another server', async () => {
    const bytes = docx({
      documentRels: [
        {
          type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate',
          target: 'http://203.0.113.9/template.dotm',
          external: true,
        },
      ],
    });
    await expectRefused(
      await upload('mau.docx', bytes),
      422,
      'file_unsafe',
      /external reference \(attachedTemplate/,
    );
  });

  it('a DOCX with an image linked to a server file, and with an INCLUDETEXT field', async () => {
    const linked = docx({
      documentRels: [
        {
          type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image',
          target: 'file:///etc/passwd',
          external: true,
        },
      ],
    });
    await expectRefused(await upload('anh.docx', linked), 422, 'file_unsafe', /external reference \(image/);
    const field = docx({ field: 'INCLUDETEXT "/etc/passwd"' });
    await expectRefused(await upload('truong.docx', field), 422, 'file_unsafe', /INCLUDETEXT/);
  });

  it('an ODT with an image linked to a server file, and an XLSX linking another workbook', async () => {
    await expectRefused(
      await upload('a.odt', odtLinkingFile('/etc/passwd')),
      422,
      'file_unsafe',
      /draw:image/,
    );
    await expectRefused(
      await upload('b.xlsx', xlsx({ externalLink: true })),
      422,
      'file_unsafe',
      /other workbooks/,
    );
  });

  it('neutralizes a path-traversal name: the file is stored by hash, under its last segment', async () => {
    for (const [raw, stored] of [
      ['../../../../etc/cron.d/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\Windows\\system.ini.pdf', 'system.ini.pdf'],
      ['/tmp/\u202egpj.pdf', 'gpj.pdf'],
      ['../..', 'tai-lieu.pdf'],
    ] as const) {
      const res = await upload(raw, pdf(1, raw.length.toString()));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<DocumentView>().current.fileName).toBe(stored);
    }
    const written = filesUnder(t.dataDir);
    expect(
      written.every(
        (f) => /^blobs\/sha256\/[0-9a-f]{2}\/[0-9a-f]{62}$/.test(f) || f.startsWith('blobs/tmp/'),
      ),
    ).toBe(true);
    expect(fs.existsSync('/etc/cron.d/passwd.pdf')).toBe(false);
  });

  it('keeps web hyperlinks (they open only on a click)', async () => {
    const bytes = docx({
      documentRels: [
        {
          type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink',
          target: 'https://dichvucong.gov.vn/',
          external: true,
        },
      ],
    });
    expect((await upload('lien-ket.docx', bytes)).statusCode).toBe(201);
  });
});
