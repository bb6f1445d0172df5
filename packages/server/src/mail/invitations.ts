// Giấy mời by e-mail: for each invitee with an address, a personal join token, the Vietnamese
// message and the .ics (REQUEST or CANCEL), written to the outbox. Invitees without an address
// are counted so the chair knows whom to call.
import { buildJoinLink } from '@diemcau/protocol';
import type { InvitationReport } from '@diemcau/protocol';
import { invitationIcs } from '../calendar/ics.js';
import type { Organizer } from '../calendar/ics.js';
import type { Db } from '../db/database.js';
import { lastEnd } from '../meetings/recurrence.js';
import type { InvitationPort } from '../meetings/service.js';
import { MeetingDirectory } from '../meetings/directory.js';
import { MeetingStore } from '../meetings/store.js';
import type { InviteeRecord, MeetingRecord } from '../meetings/store.js';
import { issueJoinToken } from '../meetings/tokens.js';
import { meetingMail } from './compose.js';
import type { MeetingMailKind } from './compose.js';
import { OutboxStore } from './outbox.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A personal link of an open-ended recurring meeting lives this long (a new giấy mời renews it). */
const OPEN_ENDED_TOKEN_MS = 400 * DAY_MS;

export interface InvitationMailerDeps {
  db: Db;
  /** Origin of join and RSVP links, e.g. https://hop.anphudong.gov.vn. */
  publicOrigin: string;
  organizer: Organizer;
  clock?: () => Date;
}

/** Web-app page where a person answers a giấy mời with the personal token. */
export const rsvpLink = (origin: string, token: string): string =>
  new URL(`/rsvp/${encodeURIComponent(token)}`, origin).toString();

/** How long a personal link for this meeting stays valid: until a day after its last end. */
export function personalTokenTtl(m: MeetingRecord, now: Date): number {
  const end = lastEnd(m);
  return end === null ? OPEN_ENDED_TOKEN_MS : Math.max(end.getTime() + DAY_MS - now.getTime(), DAY_MS);
}

/** A personal join link (and its token) for an invitee. */
export async function personalLink(
  db: Db,
  origin: string,
  m: MeetingRecord,
  person: { personId: string; fullName: string },
  now: Date,
): Promise<{ token: string; joinLink: string }> {
  const token = await issueJoinToken(db, {
    meetingId: m.id,
    personId: person.personId,
    label: person.fullName,
    ttl: personalTokenTtl(m, now),
    now,
  });
  return { token, joinLink: buildJoinLink({ origin, meetingId: m.id, name: person.fullName, token }) };
}

export class InvitationMailer implements InvitationPort {
  readonly #outbox: OutboxStore;
  readonly #store: MeetingStore;
  readonly #clock: () => Date;

  constructor(private readonly deps: InvitationMailerDeps) {
    this.#outbox = new OutboxStore(deps.db);
    this.#store = new MeetingStore(deps.db);
    this.#clock = deps.clock ?? (() => new Date());
  }

  async send(
    meetingId: string,
    method: 'REQUEST' | 'CANCEL',
    personIds?: string[],
  ): Promise<InvitationReport> {
    const m = await this.#store.load(meetingId);
    if (!m) return { queued: 0, skippedNoEmail: 0 };
    const recipients = personIds === undefined ? m.invitees : await this.#recipients(m, personIds);
    const now = this.#clock();
    const kind: MeetingMailKind =
      method === 'CANCEL' ? 'cancellation' : m.icsSequence > 0 ? 'update' : 'invitation';
    const report: InvitationReport = { queued: 0, skippedNoEmail: 0 };
    for (const r of recipients) {
      const email = r.email?.trim();
      if (!email) {
        report.skippedNoEmail++;
        continue;
      }
      const link =
        method === 'REQUEST' ? await personalLink(this.deps.db, this.deps.publicOrigin, m, r, now) : null;
      const ics = invitationIcs(m, {
        method,
        organizer: this.deps.organizer,
        joinLink: link?.joinLink ?? null,
        // A removed invitee's CANCEL names only them; otherwise every invitee is listed.
        attendees: m.invitees.some((i) => i.personId === r.personId) ? m.invitees : [r],
        now,
      });
      await this.#outbox.enqueue(
        meetingMail({
          kind,
          meeting: m,
          recipient: { fullName: r.fullName, email, role: method === 'CANCEL' ? null : r.role },
          start: new Date(m.startsAt),
          joinLink: link?.joinLink ?? null,
          rsvpLink: link ? rsvpLink(this.deps.publicOrigin, link.token) : null,
          ics: { content: ics, method },
        }),
        now,
      );
      report.queued++;
    }
    return report;
  }

  /** Invitees among `personIds`, and persons no longer invited (read from the directory). */
  async #recipients(m: MeetingRecord, personIds: string[]): Promise<InviteeRecord[]> {
    const out: InviteeRecord[] = [];
    for (const id of personIds) {
      const invited = m.invitees.find((i) => i.personId === id);
      if (invited) {
        out.push(invited);
        continue;
      }
      const person = await new MeetingDirectory(this.deps.db).person(id);
      if (person) {
        out.push({
          ...person,
          personId: id,
          role: 'delegate',
          rsvp: 'declined',
          rsvpReason: null,
          rsvpAt: null,
          invitedAt: null,
        });
      }
    }
    return out;
  }
}
