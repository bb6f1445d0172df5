// The real conversion path: LibreOffice and poppler from Debian inside the bubblewrap sandbox.
// A Vietnamese DOCX uploaded through the routes comes out as a PDF whose text keeps its
// diacritics, with page images; a document that links a file on the server converts without it
// (the same document unsandboxed does embed it — the control); the sandbox has no network; a
// timeout kills everything it started.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DocumentView } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PEOPLE } from '../meetings/testing.js';
import { asUser } from '../testing/fake-auth.js';
import { SandboxConverter } from './convert.js';
import { runSandboxed, sandboxProblem } from './sandbox.js';
import { docx, odtLinkingFile, png } from './samples.js';
import { buildDocumentTestApp } from './testing.js';

const TEXT = [
  'Biên bản họp giao ban Đảng ủy – UBND phường An Phú Đông',
  'Chủ trì: đồng chí Nguyễn Thị Hồng Nhung; thư ký: Lê Thị Thu Hà.',
  'Ý kiến các khu phố về công tác phòng cháy, chữa cháy và an sinh xã hội.',
];

let dir: string;

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'diemcau-convert-'));
  const problem = await sandboxProblem(path.join(dir, 'probe'));
  expect(problem).toBeNull();
});
afterAll(async () => fsp.rm(dir, { recursive: true, force: true }));

const pdfText = (file: string): string =>
  execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-']).toString();
/** Number of images pdfimages lists in a PDF. */
const imageCount = (file: string): number =>
  execFileSync('/usr/bin/pdfimages', ['-list', file]).toString().trim().split('\n').length - 2;

describe('conversion in the sandbox', () => {
  it('turns an uploaded Vietnamese DOCX into a PDF with its diacritics, and page images', async () => {
    const chair = asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id });
    const t = await buildDocumentTestApp({ converter: new SandboxConverter() });
    try {
      const m = await t.app.inject({
        method: 'POST',
        url: '/api/meetings',
        headers: chair,
        payload: {
          title: 'Họp giao ban',
          type: 'giao_ban',
          startsAt: '2030-12-01T01:00:00.000Z',
          hostBridgePointId: 'bp_hoi_truong',
          bridgePointIds: [],
          invitees: [{ personId: PEOPLE.chair.id, role: 'chair' }],
        },
      });
      const meetingId = m.json<{ meeting: { id: string } }>().meeting.id;
      const up = await t.app.inject({
        method: 'POST',
        url: `/api/meetings/${meetingId}/documents?fileName=${encodeURIComponent('Biên bản.docx')}`,
        headers: { ...chair, 'content-type': 'application/octet-stream' },
        payload: docx({ paragraphs: TEXT }),
      });
      expect(up.statusCode, up.body).toBe(201);
      const doc = up.json<DocumentView>();
      await t.docs.queue.idle();
      const done = (
        await t.app.inject({ method: 'GET', url: `/api/documents/${doc.id}`, headers: chair })
      ).json<DocumentView>();
      expect(done.current.conversion).toEqual({ state: 'ready', progress: 100, error: null });
      expect(done.current.pageCount).toBe(1);
      const pdf = await t.app.inject({ method: 'GET', url: done.current.pdfUrl ?? '', headers: chair });
      const file = path.join(dir, 'bien-ban.pdf');
      await fsp.writeFile(file, pdf.rawPayload);
      const text = pdfText(file).replace(/\s+/g, ' ');
      for (const line of TEXT) expect(text).toContain(line);
      const page = await t.app.inject({
        method: 'GET',
        url: `${done.current.pageUrlPrefix ?? ''}1`,
        headers: chair,
      });
      expect(page.headers['content-type']).toBe('image/png');
      expect(page.rawPayload.readUInt32BE(16)).toBeGreaterThan(page.rawPayload.readUInt32BE(20) / 2); // width
    } finally {
      await t.close();
    }
  });

  it('cannot read a file outside its folder (the same document unsandboxed does)', async () => {
    const secretDir = path.join(dir, 'secret');
    await fsp.mkdir(secretDir);
    const secret = path.join(secretDir, 'con-dau.png');
    await fsp.writeFile(secret, png(40, 30, [200, 10, 10]));
    const input = path.join(dir, 'linked.odt');
    await fsp.writeFile(input, odtLinkingFile(secret));

    // Control: plain LibreOffice follows the link and embeds the server's file.
    const plainOut = path.join(dir, 'plain');
    const plain = spawnSync(
      '/usr/bin/soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${dir}/plain-profile`,
        '--convert-to',
        'pdf',
        '--outdir',
        plainOut,
        input,
      ],
      { timeout: 110_000 },
    );
    expect(plain.status, plain.stderr.toString()).toBe(0);
    expect(imageCount(path.join(plainOut, 'linked.pdf'))).toBe(1);

    const work = path.join(dir, 'job');
    await fsp.mkdir(work);
    const out = await new SandboxConverter().convert({
      workDir: work,
      source: input,
      kind: 'odt',
      onProgress: () => undefined,
      signal: new AbortController().signal,
    });
    expect(out.pdfFile).not.toBeNull();
    expect(pdfText(out.pdfFile ?? '')).toContain('Ảnh liên kết');
    expect(imageCount(out.pdfFile ?? '')).toBe(0);
    expect(out.pages).toHaveLength(1);
  });

  it('has no network and sees no host files', async () => {
    const server = net.createServer((s) => s.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    let connections = 0;
    server.on('connection', () => connections++);
    const hostFile = path.join(dir, 'host-secret.txt');
    await fsp.writeFile(hostFile, 'MAT-KHAU-HOP-THU');
    const probe = `exec 3<>/dev/tcp/127.0.0.1/${port} && echo CONNECTED; cat /etc/passwd ${hostFile}; ls /root /home`;
    try {
      // Control: the probe itself reaches the server outside the sandbox.
      const outside = spawnSync('/usr/bin/bash', ['-c', probe]);
      expect(outside.stdout.toString()).toContain('CONNECTED');
      expect(outside.stdout.toString()).toContain('MAT-KHAU-HOP-THU');
      // The server's 'connection' event runs once the event loop is free again.
      await vi.waitFor(() => expect(connections).toBe(1));
      const work = path.join(dir, 'probe-job');
      await fsp.mkdir(work);
      const r = await runSandboxed({ jobDir: work, argv: ['/usr/bin/bash', '-c', probe] });
      expect(r.output).not.toContain('CONNECTED');
      expect(r.output).toMatch(/connect: (Connection refused|Network is unreachable)/);
      expect(r.output).toMatch(/\/etc\/passwd: No such file/);
      expect(r.output).toMatch(/host-secret\.txt: No such file/);
      expect(r.output).not.toContain('MAT-KHAU-HOP-THU');
      expect(connections).toBe(1);
      const ifaces = await runSandboxed({ jobDir: work, argv: ['/usr/bin/cat', '/proc/net/dev'] });
      expect(
        ifaces.output
          .split('\n')
          .filter((l) => l.includes(':'))
          .map((l) => l.split(':')[0]?.trim()),
      ).toEqual(['lo']);
    } finally {
      server.close();
    }
  });

  it('kills everything it started when the time is up', async () => {
    const work = path.join(dir, 'slow-job');
    await fsp.mkdir(work);
    const marker = '313.37';
    const started = Date.now();
    const r = await runSandboxed({
      jobDir: work,
      argv: ['/usr/bin/bash', '-c', `/usr/bin/sleep ${marker} & /usr/bin/sleep ${marker}`],
      limits: { timeoutMs: 500 },
    });
    expect(r.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const left = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
        } catch {
          return false;
        }
      });
    expect(left).toEqual([]);
  });
});
