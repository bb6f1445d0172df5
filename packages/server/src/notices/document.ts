// The content of a notice as laid out on paper (NĐ30/2020/NĐ-CP), shared by the DOCX and PDF
// writers so that both say exactly the same thing.
import type { NoticeItem } from '@diemcau/protocol';
import { dayText } from './dates.js';
import type { IssuedTask } from './store.js';

export interface NoticeDocument {
  /** A draft carries "DỰ THẢO" and no number. */
  draft: boolean;
  issuingBody: string;
  parentBody: string;
  /** "12/TB-UBND" (or blanks before the symbol for a draft). */
  numberText: string;
  /** "An Phú Đông, ngày 05 tháng 12 năm 2030". */
  placeDate: string;
  title: string;
  intro: string;
  items: NoticeItem[];
  tasks: IssuedTask[];
  signerTitle: string;
  signerName: string;
  meetingTitle: string;
  /** Small print: the minutes version and hash it rests on. */
  footer: string;
}

export const DOC_KIND = 'THÔNG BÁO';

/** The task lines under a conclusion item: "Giao Khu phố 4: … Thời hạn: 15/12/2030." */
export function taskLines(doc: NoticeDocument, itemIndex: number): string[] {
  return doc.tasks
    .filter((t) => t.itemIndex === itemIndex)
    .map((t) => `Giao ${t.assignee}: ${t.title}. Thời hạn: ${dayText(t.dueDate)}.`);
}
