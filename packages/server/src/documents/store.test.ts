// The document store on SQLite and PostgreSQL: documents with numbered versions, conversions,
// the durable job queue (a restart requeues what was running), hiding, and kiosk cache reports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedPeople } from '../meetings/testing.js';
import { DocumentStore } from './store.js';
import type { NewVersion } from './store.js';

const NOW = new Date('2030-11-28T03:00:00.000Z');
const version = (sha: string): NewVersion => ({
  fileName: 'Báo cáo.pdf',
  kind: 'pdf',
  mime: 'application/pdf',
  sizeBytes: 1234,
  sha256: sha.repeat(64),
  uploadedBy: 'u_chair',
  uploadedAt: NOW.toISOString(),
  state: 'rendering',
  pageCount: null,
});

describe.each(DB_KINDS)('DocumentStore on %s', (kind) => {
  let t: TestDatabase;
  let store: DocumentStore;

  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await seedPeople(t.db);
    await t.db
      .insertInto('meetings')
      .values({
        id: 'm1',
        title: 'Họp',
        type: 'giao_ban',
        host_bridge_point_id: 'bp_kp4',
        starts_at: NOW.toISOString(),
        status: 'scheduled',
        created_at: NOW.toISOString(),
      })
      .execute();
    await t.db
      .insertInto('devices')
      .values({
        id: 'd_kp4',
        bridge_point_id: 'bp_kp4',
        token_hash: 'x',
        status: 'paired',
        created_at: NOW.toISOString(),
      })
      .execute();
    store = new DocumentStore(t.db);
  });
  afterEach(async () => t.dispose());

  it('numbers versions, keeps them all and makes the newest current', async () => {
    const { documentId, versionId } = await store.create(
      {
        meetingId: 'm1',
        agendaItemId: null,
        title: 'Báo cáo',
        visibility: 'bridge_point',
        bridgePointId: 'bp_kp4',
        downloadable: false,
        createdBy: 'u_chair',
      },
      version('a'),
      NOW,
    );
    const second = await store.addVersion(documentId, version('b'), NOW);
    const doc = await store.document(documentId);
    expect(doc).toMatchObject({
      title: 'Báo cáo',
      visibility: 'bridge_point',
      bridgePointName: 'Văn phòng khu phố 4',
      downloadable: false,
      currentVersionId: second,
      hidden: false,
    });
    expect((await store.versionsOf([documentId])).map((v) => [v.id, v.version, v.sizeBytes])).toEqual([
      [second, 2, 1234],
      [versionId, 1, 1234],
    ]);
    await store.hide(documentId, 'u_chair', NOW);
    expect(await store.ofMeetings(['m1'], false)).toEqual([]);
    expect((await store.ofMeetings(['m1'], true)).map((d) => d.hidden)).toEqual([true]);
  });

  it('runs the job queue durably and records a finished conversion with its pages', async () => {
    const { versionId } = await store.create(
      {
        meetingId: 'm1',
        agendaItemId: null,
        title: 'x',
        visibility: 'invited',
        bridgePointId: null,
        downloadable: true,
        createdBy: null,
      },
      version('c'),
      NOW,
    );
    await store.enqueueJob(versionId, NOW);
    const job = await store.takeJob(NOW);
    expect(job).toMatchObject({ versionId, attempts: 1 });
    expect(await store.takeJob(NOW)).toBeNull();
    // The process dies mid-conversion; the next start puts the job back.
    expect(await store.requeueRunning()).toBe(1);
    const again = await store.takeJob(NOW);
    expect(again).toMatchObject({ id: job?.id, attempts: 2 });
    await store.setProgress(versionId, 'rendering', 70);
    expect((await store.version(versionId))?.progress).toBe(70);
    await store.finishConversion(versionId, null, 2, [
      { imageSha256: 'd'.repeat(64), thumbSha256: 'e'.repeat(64) },
      { imageSha256: 'f'.repeat(64), thumbSha256: '0'.repeat(64) },
    ]);
    await store.finishJob(again?.id ?? '', 'done', NOW);
    expect(await store.version(versionId)).toMatchObject({ state: 'ready', progress: 100, pageCount: 2 });
    expect((await store.page(versionId, 2))?.imageSha256).toBe('f'.repeat(64));
    expect(await store.requeueRunning()).toBe(0);
  });

  it('replaces a kiosk’s cache report, keeping only versions that exist', async () => {
    const { versionId } = await store.create(
      {
        meetingId: 'm1',
        agendaItemId: null,
        title: 'x',
        visibility: 'invited',
        bridgePointId: null,
        downloadable: true,
        createdBy: null,
      },
      version('1'),
      NOW,
    );
    expect(await store.replaceDeviceCache('d_kp4', [versionId, 'dv_nothere'], NOW)).toBe(1);
    expect(await store.replaceDeviceCache('d_kp4', [versionId], NOW)).toBe(1);
    const [device] = await store.devicesOf(['bp_kp4']);
    expect(device?.reportedAt).toBe(NOW.toISOString());
    expect([...(device?.versionIds ?? [])]).toEqual([versionId]);
  });
});
