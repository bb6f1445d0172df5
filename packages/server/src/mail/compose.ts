// Vietnamese e-mails about meetings — giấy mời, its update and cancellation, and reminders — as
// plain text plus simple HTML (every value escaped). The .ics comes in ready-made.
import { formatVnDateTime } from '../meetings/recurrence.js';
import type { IcsMeeting } from '../calendar/ics.js';
import type { MailMessage } from './outbox.js';

export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const ROLE_VI: Record<string, string> = {
  chair: 'Chủ trì',
  secretary: 'Thư ký',
  delegate: 'Đại biểu',
  presenter: 'Báo cáo viên',
  trainee: 'Học viên',
};

const RECURRENCE_VI = { none: '', weekly: 'Lặp lại hằng tuần', monthly: 'Lặp lại hằng tháng' } as const;

export interface Recipient {
  fullName: string;
  email: string;
  role: string | null;
}

export type MeetingMailKind = 'invitation' | 'update' | 'cancellation' | 'reminder';

/** The meeting's title as mails show it: confidential ones carry "[MẬT]". */
const shownTitle = (m: Pick<IcsMeeting, 'title' | 'confidential'>): string =>
  m.confidential ? `[MẬT] ${m.title}` : m.title;

/** Subject line, e.g. "Giấy mời: Họp giao ban tháng 12 – 08:00 Thứ Ba, 01/12/2026". */
export function meetingSubject(kind: MeetingMailKind, m: IcsMeeting, start: Date): string {
  const prefix = {
    invitation: 'Giấy mời',
    update: 'Giấy mời (thay đổi)',
    cancellation: 'Thông báo hủy họp',
    reminder: 'Nhắc lịch họp',
  }[kind];
  return `${prefix}: ${shownTitle(m)} – ${formatVnDateTime(start)}`;
}

const INTRO: Record<MeetingMailKind, string> = {
  invitation: 'Trân trọng kính mời đồng chí dự cuộc họp sau:',
  update: 'Cuộc họp đồng chí được mời đã có thay đổi. Thông tin mới:',
  cancellation: 'Trân trọng thông báo cuộc họp sau đã được HỦY:',
  reminder: 'Xin nhắc đồng chí cuộc họp sắp diễn ra:',
};

/**
 * One meeting e-mail. A confidential meeting's description and agenda stay out of the mail (they
 * are shown after signing in); its title is marked "[MẬT]".
 */
export function meetingMail(opts: {
  kind: MeetingMailKind;
  meeting: IcsMeeting;
  recipient: Recipient;
  /** The occurrence the mail is about (reminders) or the first start. */
  start: Date;
  joinLink: string | null;
  rsvpLink: string | null;
  ics: { content: string; method: 'REQUEST' | 'CANCEL' } | null;
}): MailMessage {
  const { meeting: m, recipient: r } = opts;
  const rows: [string, string][] = [
    ['Cuộc họp', shownTitle(m)],
    ['Thời gian', `${formatVnDateTime(opts.start)} (giờ Việt Nam), ${m.durationMinutes} phút`],
  ];
  if (m.recurrence.kind !== 'none') rows.push(['Lịch', RECURRENCE_VI[m.recurrence.kind]]);
  if (m.hostBridgePointName) rows.push(['Điểm cầu chính', m.hostBridgePointName]);
  if (r.role) rows.push(['Vai trò của đồng chí', ROLE_VI[r.role] ?? r.role]);
  const agenda =
    m.confidential || opts.kind === 'cancellation'
      ? []
      : m.agenda.map((a) => `${a.position}. ${a.title} (${a.plannedMinutes} phút)`);
  const description = m.confidential || opts.kind === 'cancellation' ? '' : m.description.trim();

  const text = [
    `Kính gửi đồng chí ${r.fullName},`,
    '',
    INTRO[opts.kind],
    ...rows.map(([k, v]) => `- ${k}: ${v}`),
    ...(description ? ['', description] : []),
    ...(agenda.length ? ['', 'Chương trình họp:', ...agenda] : []),
    ...(m.confidential ? ['', 'Cuộc họp MẬT: nội dung xem sau khi đăng nhập Điểm Cầu.'] : []),
    ...(opts.joinLink
      ? ['', `Vào họp (đường dẫn riêng của đồng chí, không chuyển cho người khác): ${opts.joinLink}`]
      : []),
    ...(opts.rsvpLink ? [`Xác nhận tham dự hoặc báo vắng: ${opts.rsvpLink}`] : []),
    '',
    'Điểm Cầu — hệ thống họp trực tuyến của phường',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    '<!doctype html><html lang="vi"><meta charset="utf-8"><body style="font-family:sans-serif">',
    `<p>Kính gửi đồng chí <b>${e(r.fullName)}</b>,</p>`,
    `<p>${e(INTRO[opts.kind])}</p>`,
    '<table cellpadding="4">',
    ...rows.map(([k, v]) => `<tr><td>${e(k)}</td><td><b>${e(v)}</b></td></tr>`),
    '</table>',
    ...(description ? [`<p style="white-space:pre-line">${e(description)}</p>`] : []),
    ...(agenda.length
      ? [
          '<p>Chương trình họp:</p><ol>',
          ...m.agenda.map((a) => `<li>${e(a.title)} (${a.plannedMinutes} phút)</li>`),
          '</ol>',
        ]
      : []),
    ...(m.confidential ? ['<p><b>MẬT</b>: nội dung xem sau khi đăng nhập Điểm Cầu.</p>'] : []),
    ...(opts.joinLink
      ? [`<p><a href="${e(opts.joinLink)}">Vào họp</a> (đường dẫn riêng của đồng chí)</p>`]
      : []),
    ...(opts.rsvpLink ? [`<p><a href="${e(opts.rsvpLink)}">Xác nhận tham dự hoặc báo vắng</a></p>`] : []),
    '<p>Điểm Cầu — hệ thống họp trực tuyến của phường</p></body></html>',
  ].join('\n');

  return {
    to: r.email,
    subject: meetingSubject(opts.kind, m, opts.start),
    text,
    html,
    attachments: opts.ics
      ? [
          {
            filename: opts.ics.method === 'CANCEL' ? 'huy-hop.ics' : 'giay-moi.ics',
            content: opts.ics.content,
            contentType: `text/calendar; charset=utf-8; method=${opts.ics.method}`,
          },
        ]
      : [],
  };
}
