// The editor's text ⇄ list helpers and the minutes page's addresses.
import { describe, expect, it } from 'vitest';
import { parseAppRoute, paths } from '../../lib/app-route';
import { absentText, parseAbsent } from './MinutesEditor';

describe('absences typed one per line', () => {
  it('splits "Họ tên – lý do" and keeps names without a reason', () => {
    const typed = 'Bùi Đức Thưởng – Ốm, nằm viện\n\n  Võ Thị Ngọc Ẩn - Đi công tác – quận 12\nPhạm Văn Ơn';
    const parsed = parseAbsent(typed);
    expect(parsed).toEqual([
      { name: 'Bùi Đức Thưởng', reason: 'Ốm, nằm viện' },
      { name: 'Võ Thị Ngọc Ẩn', reason: 'Đi công tác – quận 12' },
      { name: 'Phạm Văn Ơn', reason: '' },
    ]);
    expect(parseAbsent(absentText(parsed))).toEqual(parsed);
  });
});

describe('minutes addresses', () => {
  it('opens the minutes page from the Vietnamese and the English path', () => {
    expect(paths.meetingMinutes('m_1')).toBe('/cuoc-hop/m_1/bien-ban');
    expect(parseAppRoute('/cuoc-hop/m_1/bien-ban')).toEqual({ kind: 'meetingMinutes', id: 'm_1' });
    expect(parseAppRoute('/meetings/m_1/minutes')).toEqual({ kind: 'meetingMinutes', id: 'm_1' });
    expect(parseAppRoute('/meetings/m_1')).toEqual({ kind: 'notFound' });
  });
});
