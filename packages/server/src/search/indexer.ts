// Keeps the search index up to date with meetings and documents: a full catch-up at start (old
// data, changes made while the server was down), the meetings that just changed (told by the
// routes), and a light poll for new meetings and for documents whose conversion has finished.
// One pass at a time; an entry is a cache of the records, so losing a pass loses nothing.
import { createHash } from 'node:crypto';
import type { Logger } from '@diemcau/media';
import type { SearchIndex } from './index-store.js';
import type { TextExtractor } from './extract.js';
import type { DocumentToIndex, MeetingText, SearchRecordsStore } from './records-store.js';

/** Meeting types as the ward says them (searchable: "giao ban" finds every briefing). */
export const TYPE_WORDS: Record<string, string> = {
  giao_ban: 'Họp giao ban',
  chi_bo: 'Sinh hoạt chi bộ',
  tap_huan: 'Tập huấn',
  chuyen_de: 'Sinh hoạt chuyên đề',
  hoi_nghi: 'Hội nghị',
};

/** Documents indexed per pass at most (each may run pdftotext); the next pass goes on. */
const DOCUMENTS_PER_PASS = 50;
const MEETINGS_PER_PASS = 500;

export interface IndexerDeps {
  index: SearchIndex;
  records: SearchRecordsStore;
  /** Null: documents are indexed by title only (no sandbox here). */
  extractor: TextExtractor | null;
  log: Logger;
  /** How often to look for new meetings and converted documents (default 10 s; 0: never). */
  pollMs?: number;
}

/** The indexed title and body of a meeting. */
export function meetingEntryText(m: MeetingText): { title: string; body: string } {
  const lines = [
    TYPE_WORDS[m.type] ?? m.type,
    m.organizationName ?? '',
    [m.hostName, m.hostLocation].filter(Boolean).join(', '),
    m.description,
    ...m.agenda.map((a) => (a.presenter ? `${a.title} — ${a.presenter}` : a.title)),
  ];
  return { title: m.title, body: lines.filter((l) => l.trim() !== '').join('\n') };
}

const hashOf = (title: string, body: string): string =>
  createHash('sha256').update(title).update('\u0000').update(body).digest('hex').slice(0, 40);

export class SearchIndexer {
  #running: Promise<void> | null = null;
  #again = false;
  #full = false;
  #stopped = true;
  /** Set by stop(): a pass under way ends early (start() only enables the background passes). */
  #closed = false;
  #timer: NodeJS.Timeout | null = null;
  readonly #changedMeetings = new Set<string>();
  readonly #abort = new AbortController();
  #idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: IndexerDeps) {}

  /** Catches up with everything once, then polls. */
  start(): void {
    this.#stopped = false;
    this.kick(true);
    const every = this.deps.pollMs ?? 10_000;
    if (every > 0) {
      this.#timer = setInterval(() => this.kick(), every);
      this.#timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#abort.abort();
    await this.#running;
  }

  /** A meeting was created or changed: index it soon. */
  meetingChanged(meetingId: string): void {
    this.#changedMeetings.add(meetingId);
    this.kick();
  }

  /** Runs a pass soon (a full one compares every meeting's text with its entry). */
  kick(full = false): void {
    if (this.#stopped) return;
    this.#full ||= full;
    this.#again = true;
    this.#running ??= this.#loop().finally(() => {
      this.#running = null;
      if (this.#again && !this.#stopped) this.kick();
      else for (const w of this.#idleWaiters.splice(0)) w();
    });
  }

  /** Resolves when no pass is running or due (tests wait on it). */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async #loop(): Promise<void> {
    while (this.#again && !this.#stopped) {
      this.#again = false;
      const full = this.#full;
      this.#full = false;
      try {
        const done = await this.pass(full);
        // More documents may be waiting (catching up after an upgrade): go on at once.
        if (done.documents >= DOCUMENTS_PER_PASS) this.#again = true;
      } catch (err) {
        this.deps.log.warn({ err }, 'search indexing pass failed');
      }
    }
  }

  /** One pass: changed or unindexed meetings (all of them when `full`), then converted documents. */
  async pass(full = false): Promise<{ meetings: number; documents: number }> {
    const { records } = this.deps;
    const changed = [...this.#changedMeetings];
    this.#changedMeetings.clear();
    const ids = full ? null : [...changed, ...(await records.unindexedMeetings(MEETINGS_PER_PASS))];
    const meetings = await this.#indexMeetings(ids);
    let documents = 0;
    for (const d of await records.documentsToIndex(DOCUMENTS_PER_PASS)) {
      if (this.#closed) break;
      await this.#indexDocument(d);
      documents++;
    }
    return { meetings, documents };
  }

  /** Indexes meetings whose text differs from their entry (null: every meeting). */
  async #indexMeetings(ids: string[] | null): Promise<number> {
    if (ids !== null && ids.length === 0) return 0;
    const [texts, revisions] = await Promise.all([
      this.deps.records.meetingTexts(ids),
      this.deps.index.revisions('meeting'),
    ]);
    let n = 0;
    for (const m of texts) {
      const { title, body } = meetingEntryText(m);
      const revision = hashOf(title, body);
      if (revisions.get(m.id) === revision) continue;
      await this.deps.index.upsert({
        kind: 'meeting',
        refId: m.id,
        meetingId: m.id,
        title,
        body,
        occurredAt: m.startsAt,
        revision,
      });
      n++;
    }
    return n;
  }

  async #indexDocument(d: DocumentToIndex): Promise<void> {
    let body = '';
    const { extractor } = this.deps;
    if (extractor && d.state === 'ready' && d.pdfSha256) {
      try {
        body = await extractor.pdfText(d.pdfSha256, this.#abort.signal);
      } catch (err) {
        if (this.#closed) return;
        // NOTE: indexed by title anyway (with this revision), so a bad PDF is not retried forever.
        this.deps.log.warn({ err, documentId: d.id }, 'document text not extracted for search');
      }
    }
    await this.deps.index.upsert({
      kind: 'document',
      refId: d.id,
      meetingId: d.meetingId,
      title: d.title,
      body,
      occurredAt: d.uploadedAt,
      revision: d.revision,
    });
  }
}
