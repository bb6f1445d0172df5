// The printed minutes as a list of blocks (header, title, sections, signatures), built once from the
// content and drawn by both renderers (docx.ts, pdf.ts), so the DOCX and the PDF say the same thing.
import type { MinutesContent } from '@diemcau/protocol';
import { MOTTO_LINE, NATIONAL_LINE, PARTY_LINE, dateWords, placeDateLine } from '../docs-layout/page.js';
import { vnClock, vnLongTime } from './model.js';

/** One line of a header column. */
export interface HeaderLine {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Draw a short rule under this line (NĐ30 under the body and the motto; HD36 under "ĐẢNG CỘNG SẢN VIỆT NAM"). */
  rule?: boolean;
}

export type MinutesBlock =
  | { kind: 'header'; left: HeaderLine[]; right: HeaderLine[] }
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'para'; label?: string; text: string; italic?: boolean; indent?: number }
  | { kind: 'signatures'; cols: { role: string; name: string }[] }
  /** A centred bold mark above the title ("DỰ THẢO" on versions not yet approved). */
  | { kind: 'mark'; text: string }
  /** A small italic line after the signatures (the approval and its SHA-256). */
  | { kind: 'note'; text: string };

/** What the printout says about the version besides its content. */
export interface PrintMeta {
  title: string;
  version: number;
  /** Set only for an approved version. */
  sha256: string | null;
  approvedAt: string | null;
}

/** The national (NĐ30) or Party (HD36) header lines. */
export function headerLines(c: MinutesContent): { left: HeaderLine[]; right: HeaderLine[] } {
  const h = c.header;
  const dateLine: HeaderLine = {
    text: placeDateLine(h.place, dateWords(h.date)),
    italic: true,
  };
  if (c.format === 'hd36')
    return {
      left: [
        ...(h.parentBody ? [{ text: h.parentBody }] : []),
        { text: h.issuingBody, bold: true },
        { text: '*' },
        ...(h.number ? [{ text: h.number }] : []),
      ],
      right: [{ text: PARTY_LINE, bold: true, rule: true }, dateLine],
    };
  return {
    left: [
      ...(h.parentBody ? [{ text: h.parentBody }] : []),
      { text: h.issuingBody, bold: true, rule: true },
      ...(h.number ? [{ text: h.number }] : []),
    ],
    right: [{ text: NATIONAL_LINE, bold: true }, { text: MOTTO_LINE, bold: true, rule: true }, dateLine],
  };
}

const timeText = (iso: string | null): string => (iso ? vnLongTime(iso) : '');

/** Every block of the printed minutes, in order. */
export function minutesBlocks(c: MinutesContent, meta: PrintMeta): MinutesBlock[] {
  const out: MinutesBlock[] = [{ kind: 'header', ...headerLines(c) }];
  // NOTE: a printed draft must not pass for the approved minutes.
  if (meta.sha256 === null) out.push({ kind: 'mark', text: `DỰ THẢO (phiên bản ${meta.version})` });
  out.push({ kind: 'title', text: 'BIÊN BẢN' }, { kind: 'subtitle', text: c.subject });
  out.push({ kind: 'heading', text: 'I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN' });
  if (c.startedAt)
    out.push({ kind: 'para', label: 'Thời gian bắt đầu: ', text: `${timeText(c.startedAt)}.` });
  if (c.location) out.push({ kind: 'para', label: 'Địa điểm: ', text: c.location });
  out.push({ kind: 'para', label: 'Chủ trì: ', text: c.chair || '…' });
  out.push({ kind: 'para', label: 'Thư ký: ', text: c.secretary || '…' });
  out.push({ kind: 'para', label: 'Thành phần tham dự', text: ' theo từng điểm cầu:' });
  for (const p of c.points) {
    const info = [
      p.host ? 'điểm cầu chính' : '',
      p.headCount > 0 ? `${p.headCount} người` : '',
      p.connection ? `kết nối ${p.connection}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    out.push({ kind: 'para', label: `- ${p.name}`, text: info ? ` (${info})` : '', indent: 1 });
    if (p.present.length > 0)
      out.push({ kind: 'para', label: 'Có mặt: ', text: `${p.present.join(', ')}.`, indent: 2 });
    if (p.absent.length > 0)
      out.push({
        kind: 'para',
        label: 'Vắng mặt: ',
        text: `${p.absent.map((a) => `${a.name} (${a.reason})`).join(', ')}.`,
        indent: 2,
      });
  }
  out.push({ kind: 'heading', text: 'II. NỘI DUNG' });
  c.items.forEach((item, i) => {
    out.push({ kind: 'heading', text: `${i + 1}. ${item.title}` });
    if (item.presenter) out.push({ kind: 'para', label: 'Trình bày: ', text: item.presenter });
    if (item.speeches.length > 0) {
      out.push({ kind: 'para', label: 'Ý kiến phát biểu:', text: '' });
      for (const sp of item.speeches)
        out.push({
          kind: 'para',
          label: `- ${sp.at ? `${vnClock(sp.at)} ` : ''}${sp.speaker}`,
          text: sp.topic ? `: ${sp.topic}` : '',
          indent: 1,
        });
    }
    for (const v of item.votes)
      out.push({ kind: 'para', label: `Biểu quyết “${v.title}”: `, text: v.result });
    if (item.discussion.trim()) out.push({ kind: 'para', text: item.discussion });
    out.push({ kind: 'para', label: 'Kết luận: ', text: item.conclusion.trim() || '…' });
  });
  if (c.closing.trim()) out.push({ kind: 'para', text: c.closing });
  out.push({
    kind: 'signatures',
    cols: [
      { role: 'THƯ KÝ', name: c.secretary },
      { role: 'CHỦ TRÌ', name: c.chair },
    ],
  });
  if (meta.sha256 !== null)
    out.push({
      kind: 'note',
      text: `Phiên bản ${meta.version}${meta.approvedAt ? `, duyệt lúc ${vnLongTime(meta.approvedAt)}` : ''}. Mã kiểm tra SHA-256: ${meta.sha256}`,
    });
  return out;
}
