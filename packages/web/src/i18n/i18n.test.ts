// Vietnamese and English resources: identical keys, no empty strings, the same placeholders, and
// a translation for every wire error code.
import {
  ACCOUNT_ROLES,
  AUDIT_ACTIONS,
  ERROR_CODES,
  INVITEE_ROLES,
  MEETING_TYPES,
  ORGANIZATION_KINDS,
  RSVP_STATUSES,
} from '@diemcau/protocol';
import { ADMIN_SECTIONS } from '../lib/app-route';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { vi } from './vi';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const viFlat = flatten(vi);
const enFlat = flatten(en);
const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('i18n resources', () => {
  it('have exactly the same keys in vi and en', () => {
    expect([...enFlat.keys()].sort()).toEqual([...viFlat.keys()].sort());
  });

  it('have no empty strings', () => {
    for (const [key, value] of [...viFlat, ...enFlat]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same interpolation placeholders in both languages', () => {
    for (const [key, value] of viFlat)
      expect(placeholders(enFlat.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('translate every protocol error code', () => {
    for (const code of ERROR_CODES) {
      expect(viFlat.has(`errors.${code}`), code).toBe(true);
      expect(enFlat.has(`errors.${code}`), code).toBe(true);
    }
  });

  it('have a label for every wire enum the screens show', () => {
    const needed = [
      ...MEETING_TYPES.map((k) => `meetingType.${k}`),
      ...INVITEE_ROLES.map((k) => `inviteeRole.${k}`),
      ...RSVP_STATUSES.map((k) => `rsvp.${k}`),
      ...ACCOUNT_ROLES.map((k) => `role.${k}`),
      ...ORGANIZATION_KINDS.map((k) => `orgKind.${k}`),
      ...AUDIT_ACTIONS.map((k) => `auditAction.${k.replace('.', '_')}`),
      ...ADMIN_SECTIONS.map((k) => `admin.${k}`),
      ...['pending', 'paired', 'revoked'].map((k) => `devices.status_${k}`),
      ...['reset', 'signout', 'disable'].map((k) => `users.confirm_${k}`),
    ];
    for (const key of needed) expect(viFlat.has(key) && enFlat.has(key), key).toBe(true);
  });

  it('keep the Vietnamese product words with their diacritics', () => {
    expect(vi.meeting.mat).toBe('MẬT');
    expect(vi.kiosk.join).toBe('VÀO HỌP');
    expect(vi.kiosk.pairInstruction).toBe('Đọc mã này cho cán bộ quản trị của phường');
    expect(vi.rsvp.absent_with_reason).toBe('Vắng có lý do');
    expect(vi.rsvpPage.kind).toBe('Giấy mời');
    expect(vi.rsvpPage.deadTitle).toBe('Đường dẫn không còn hiệu lực');
    expect(vi.dashboard.title).toBe('Cuộc họp của tôi');
    expect(vi.join.joinButton).toBe('Vào họp');
    expect(vi.left.rejoin).toBe('Vào lại');
    expect(vi.connection.reconnecting).toBe('Đang kết nối lại…');
    expect(vi.room.speakingNow).toBe('Đang nói: {{name}}');
    expect(vi.room.you).toBe('Bạn');
    expect(vi.lang.vi).toBe('Tiếng Việt');
    expect(en.lang.en).toBe('English');
  });
});
