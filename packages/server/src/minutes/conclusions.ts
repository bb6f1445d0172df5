// Read side for other modules (conclusion notices, follow-up tasks, search): the conclusions of
// the latest approved minutes of a meeting. Only approved, locked versions are ever returned.
import type { Db } from '../db/database.js';
import { MinutesStore } from './store.js';

/** The conclusions (kết luận) per agenda item of the latest approved minutes. */
export interface ApprovedConclusions {
  meetingId: string;
  minutesId: string;
  version: number;
  sha256: string;
  approvedAt: string;
  items: { agendaItemId: string | null; title: string; conclusion: string }[];
}

/** The latest approved version's conclusions, or null when no version is approved yet. */
export async function loadApprovedConclusions(
  db: Db,
  meetingId: string,
): Promise<ApprovedConclusions | null> {
  const v = await new MinutesStore(db).latestApproved(meetingId);
  if (!v || v.sha256 === null || v.approvedAt === null) return null;
  return {
    meetingId: v.meetingId,
    minutesId: v.id,
    version: v.version,
    sha256: v.sha256,
    approvedAt: v.approvedAt,
    items: v.content.items.map((i) => ({
      agendaItemId: i.agendaItemId,
      title: i.title,
      conclusion: i.conclusion,
    })),
  };
}
