// Documents held offline by bridge-point kiosks: what each kiosk should download before its
// meetings (so showing them costs no bandwidth), its report of what it holds, and the
// administrators' readiness table (which points have which documents ready).
import type { DocumentReadinessResponse, KioskDocumentEntry, ReadinessMeeting } from '@diemcau/protocol';
import type { DeviceAuth } from '../auth/context.js';
import { isOnline } from '../devices/status.js';
import type { Viewer } from '../meetings/authz.js';
import { kioskMeetings } from '../meetings/join.js';
import { expandOccurrences } from '../meetings/recurrence.js';
import type { MeetingService } from '../meetings/service.js';
import { accessOf } from '../meetings/store.js';
import type { Db } from '../db/database.js';
import { canSeeDocument } from './authz.js';
import type { BlobStore } from './blobs.js';
import type { DocumentRecord, DocumentStore, VersionRecord } from './store.js';
import { renditionUrls, factsOf } from './views.js';

/** The readiness table looks this far ahead. */
export const READINESS_DAYS = 7;

export interface OfflineDeps {
  db: Db;
  store: DocumentStore;
  blobs: BlobStore;
  meetings: MeetingService;
  now: () => Date;
}

interface MeetingDocs {
  meetingId: string;
  title: string;
  occurrenceStart: string;
  /** Visible, not hidden, with its current version. */
  docs: { doc: DocumentRecord; current: VersionRecord }[];
  access: ReturnType<typeof accessOf>;
  points: { id: string; name: string }[];
}

export class OfflineDocuments {
  constructor(private readonly deps: OfflineDeps) {}

  /** Meetings (first occurrence in the window) with their current, shown documents. */
  async #meetingsWithDocs(meetingIds: Map<string, string>): Promise<MeetingDocs[]> {
    const { store, meetings } = this.deps;
    const docs = await store.ofMeetings([...meetingIds.keys()], false);
    const versions = await store.versionsOf(docs.map((d) => d.id));
    const out: MeetingDocs[] = [];
    for (const [meetingId, occurrenceStart] of meetingIds) {
      const m = await meetings.store.load(meetingId);
      if (!m) continue;
      const mine = docs
        .filter((d) => d.meetingId === meetingId)
        .flatMap((doc) => {
          const current = versions.find((v) => v.id === doc.currentVersionId);
          return current ? [{ doc, current }] : [];
        });
      if (mine.length === 0) continue;
      const points = [
        ...(m.hostBridgePointId
          ? [{ id: m.hostBridgePointId, name: m.hostBridgePointName ?? m.hostBridgePointId }]
          : []),
        ...m.bridgePoints.filter((b) => b.id !== m.hostBridgePointId),
      ];
      out.push({
        meetingId,
        title: m.title,
        occurrenceStart,
        docs: mine,
        access: accessOf(
          m,
          m.bridgePoints.map((b) => b.id),
          m.invitees,
        ),
        points,
      });
    }
    return out;
  }

  /** GET /api/kiosk/documents: what this kiosk should hold for its meetings of the coming week. */
  async forKiosk(device: DeviceAuth): Promise<KioskDocumentEntry[]> {
    const occurrences = await kioskMeetings(this.deps.db, device.bridgePointId, this.deps.now());
    const first = new Map<string, string>();
    for (const o of occurrences) if (!first.has(o.id)) first.set(o.id, o.occurrenceStart);
    const viewer: Viewer = { kind: 'device', deviceId: device.deviceId, bridgePointId: device.bridgePointId };
    const out: KioskDocumentEntry[] = [];
    for (const m of await this.#meetingsWithDocs(first)) {
      for (const { doc, current } of m.docs) {
        if (!canSeeDocument(m.access, factsOf(doc), viewer) || current.state !== 'ready') continue;
        const { urls, shas } = await this.#contentUrls(doc, current);
        let bytes = 0;
        for (const sha of shas) bytes += await this.deps.blobs.size(sha).catch(() => 0);
        out.push({
          meetingId: m.meetingId,
          meetingTitle: m.title,
          occurrenceStart: m.occurrenceStart,
          documentId: doc.id,
          versionId: current.id,
          title: doc.title,
          sha256: current.sha256,
          urls,
          bytes,
        });
      }
    }
    return out;
  }

  /** The URLs a kiosk needs to show a version offline (PDF, every page and thumbnail). */
  async #contentUrls(doc: DocumentRecord, v: VersionRecord): Promise<{ urls: string[]; shas: string[] }> {
    const r = renditionUrls(doc, v, false);
    const urls: string[] = [];
    const shas: string[] = [];
    if (r.pdfUrl) {
      urls.push(r.pdfUrl);
      shas.push(v.kind === 'pdf' ? v.sha256 : (v.pdfSha256 ?? ''));
    }
    if (v.kind === 'png' || v.kind === 'jpeg') {
      urls.push(`${r.pageUrlPrefix ?? ''}1`, `${r.thumbUrlPrefix ?? ''}1`);
      shas.push(v.sha256);
    } else if (r.pageUrlPrefix && r.thumbUrlPrefix) {
      for (const p of await this.deps.store.pages(v.id)) {
        urls.push(`${r.pageUrlPrefix}${p.page}`, `${r.thumbUrlPrefix}${p.page}`);
        shas.push(p.imageSha256, p.thumbSha256);
      }
    }
    return { urls, shas: shas.filter((s) => s !== '') };
  }

  /** PUT /api/kiosk/documents/cache: keeps only versions this kiosk may hold. */
  async report(device: DeviceAuth, versionIds: readonly string[]): Promise<{ accepted: number }> {
    const allowed = new Set((await this.forKiosk(device)).map((e) => e.versionId));
    const kept = versionIds.filter((id) => allowed.has(id));
    const accepted = await this.deps.store.replaceDeviceCache(device.deviceId, kept, this.deps.now());
    return { accepted };
  }

  /** GET /api/documents/readiness (admin): per upcoming meeting, which points hold which documents. */
  async readiness(): Promise<DocumentReadinessResponse> {
    const now = this.deps.now();
    const to = new Date(now.getTime() + READINESS_DAYS * 24 * 60 * 60_000);
    const first = new Map<string, string>();
    for (const { row } of await this.deps.meetings.store.listCandidates({ from: now, to })) {
      const o = expandOccurrences(row, now, to)[0];
      if (o) first.set(row.id, o.start.toISOString());
    }
    const meetings = (await this.#meetingsWithDocs(first)).sort((a, b) =>
      a.occurrenceStart.localeCompare(b.occurrenceStart),
    );
    const devices = await this.deps.store.devicesOf([
      ...new Set(meetings.flatMap((m) => m.points.map((p) => p.id))),
    ]);
    return {
      meetings: meetings.map((m): ReadinessMeeting => ({
        meetingId: m.meetingId,
        title: m.title,
        occurrenceStart: m.occurrenceStart,
        documents: m.docs.map(({ doc, current }) => ({
          id: doc.id,
          title: doc.title,
          versionId: current.id,
        })),
        points: m.points.map((p) => {
          const viewer: Viewer = { kind: 'device', deviceId: '', bridgePointId: p.id };
          const expected = m.docs.filter(({ doc }) => canSeeDocument(m.access, factsOf(doc), viewer));
          // NOTE: one active device per bridge point (devices/service.ts); the latest report wins otherwise.
          const device = devices
            .filter((d) => d.bridgePointId === p.id)
            .sort((a, b) => (b.reportedAt ?? '').localeCompare(a.reportedAt ?? ''))[0];
          return {
            bridgePoint: p,
            device: device
              ? {
                  id: device.id,
                  label: device.label,
                  online: isOnline({ status: 'paired', lastHeartbeatAt: device.lastHeartbeatAt }, now),
                  lastReportAt: device.reportedAt,
                }
              : null,
            expected: expected.map(({ doc }) => doc.id),
            ready: device
              ? expected.filter(({ current }) => device.versionIds.has(current.id)).map(({ doc }) => doc.id)
              : [],
          };
        }),
      })),
    };
  }
}
