// A presentation through MeetingConduct over a real (in-memory SQLite) log: the session asks the
// documents side before deciding, a refused document writes nothing, the opened presentation and
// every page turn are in the log before the action resolves, and a reopened conduct (a restart, a
// late joiner's snapshot) shows the same document and page.
import { silentLogger } from '@diemcau/media';
import { AppError } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresentableDocument } from '../conduct/decision.js';
import { MeetingConduct } from '../conduct/session.js';
import type { ConductDeps } from '../conduct/session.js';
import { LiveStore } from '../conduct/store.js';
import { CONTEXT, ctxOf } from '../conduct/testing.js';
import { createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';

const DOC: PresentableDocument = {
  documentId: 'doc_bao_cao_11',
  versionId: 'dv_bao_cao_11a',
  title: 'Báo cáo tháng 11',
  pageCount: 5,
};

let t: TestDatabase | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('presenting through the session', () => {
  it('checks the document first, stores before resolving, and rebuilds after a restart', async () => {
    t = await createTestDatabase('sqlite');
    const { meetingId } = await seedDemoWard(t.db);
    const store = new LiveStore(t.db);
    const asked: string[] = [];
    const deps: ConductDeps = {
      store,
      markEnded: () => Promise.resolve(),
      log: silentLogger,
      reconnectGraceMs: 60_000,
      presentable: (m, documentId, versionId) => {
        asked.push(`${m}/${documentId}/${versionId}`);
        if (documentId === DOC.documentId) return Promise.resolve(DOC);
        return Promise.reject(new AppError('not_presentable', 'chair only', { field: 'documentId' }));
      },
    };
    const context = { ...CONTEXT, meetingId };
    const conduct = await MeetingConduct.open(context, deps);

    // A delegate is refused before the documents are even asked.
    await expect(
      conduct.act(ctxOf('on'), {
        type: 'present.open',
        documentId: 'doc_chair_only',
        versionId: 'dv_chair_only',
        page: 1,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(asked).toEqual([]);
    // A chair-only document: refused with its code, nothing written.
    await expect(
      conduct.act(ctxOf('chair'), {
        type: 'present.open',
        documentId: 'doc_chair_only',
        versionId: 'dv_chair_only',
        page: 1,
      }),
    ).rejects.toMatchObject({ code: 'not_presentable', field: 'documentId' });
    expect(await store.load(meetingId)).toEqual([]);

    await conduct.act(ctxOf('chair'), {
      type: 'present.open',
      documentId: DOC.documentId,
      versionId: DOC.versionId,
      page: 1,
    });
    await conduct.act(ctxOf('chair'), { type: 'present.page', page: 4 });
    const log = (await store.load(meetingId)).map((e) => e.event.type);
    expect(log).toEqual(['present.opened', 'present.paged']);
    await conduct.close();

    const reopened = await MeetingConduct.open(context, deps);
    expect(reopened.snapshotFor({ key: 'point:bp_kp1', moderator: false }).presentation).toMatchObject({
      documentId: DOC.documentId,
      page: 4,
      pageCount: 5,
    });
    await reopened.close();
  });
});
