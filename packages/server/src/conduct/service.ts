// Opens the conduct of a meeting for the live hub (context from the schedule, state from the log),
// and rebuilds a meeting's state for reports (attendance export) straight from the database.
import { foldLiveEvents, initialLiveState } from '@diemcau/protocol';
import type { LiveState } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { Db } from '../db/database.js';
import { MeetingStore } from '../meetings/store.js';
import { loadLiveContext } from './context.js';
import { MeetingConduct } from './session.js';
import type { ConductDeps } from './session.js';
import { LiveStore } from './store.js';
import { DocumentStore } from '../documents/store.js';
import { presentableDocument } from '../presentation/documents.js';

export interface ConductServiceDeps {
  db: Db;
  log: Logger;
  now?: () => Date;
  reconnectGraceMs?: number;
}

export class ConductService {
  readonly store: LiveStore;
  readonly #meetings: MeetingStore;

  constructor(private readonly deps: ConductServiceDeps) {
    this.store = new LiveStore(deps.db);
    this.#meetings = new MeetingStore(deps.db);
  }

  /** The conduct of a live meeting, rebuilt from its log; null when there is no such meeting. */
  async open(meetingId: string): Promise<MeetingConduct | null> {
    const context = await loadLiveContext(this.#meetings, this.store, meetingId);
    if (!context) return null;
    const deps: ConductDeps = {
      store: this.store,
      markEnded: async (id, at) => {
        await this.#meetings.markEnded(id, at);
      },
      log: this.deps.log,
      presentable: (meeting, documentId, versionId) =>
        presentableDocument(new DocumentStore(this.deps.db), meeting, documentId, versionId),
      ...(this.deps.now ? { now: this.deps.now } : {}),
      ...(this.deps.reconnectGraceMs === undefined ? {} : { reconnectGraceMs: this.deps.reconnectGraceMs }),
    };
    return MeetingConduct.open(context, deps);
  }

  /** A meeting's state from the database (every acknowledged action is there); null: no meeting. */
  async state(meetingId: string): Promise<LiveState | null> {
    const context = await loadLiveContext(this.#meetings, this.store, meetingId);
    if (!context) return null;
    return foldLiveEvents(initialLiveState(context), await this.store.load(meetingId));
  }
}
