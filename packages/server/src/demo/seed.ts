// Seeds the demo ward and its open demo meeting, once. Idempotent: running it again (start command,
// demo-link) finds what is there and returns the same demo meeting.
import type { InviteeRole } from '@diemcau/protocol';
import { demoPersonId, seedDemoAccounts } from '../auth/seed.js';
import type { SeedAccountsOptions, SeedAccountsResult } from '../auth/seed.js';
import type { Db } from '../db/database.js';
import { SettingsStore } from '../db/settings-store.js';
import { newMeetingId } from '../ids.js';
import { MeetingStore } from '../meetings/store.js';
import { OrgStore } from '../org/store.js';
import { DEMO_BRIDGE_POINTS, DEMO_MEETING_TITLE, DEMO_ORGANIZATIONS, DEMO_PEOPLE } from './ward.js';

const DEMO_MEETING_KEY = 'demo_meeting_id';

/** Seeds the ward if the database is empty and makes sure the demo meeting exists and is open. */
export async function seedDemoWard(db: Db): Promise<{ meetingId: string }> {
  return db.transaction().execute(async (trx) => {
    const orgs = new OrgStore(trx);
    const settings = new SettingsStore(trx);
    const meetings = new MeetingStore(trx);
    if ((await orgs.countOrganizations()) === 0) {
      for (const [i, org] of DEMO_ORGANIZATIONS.entries()) await orgs.addOrganization(org, i);
      for (const [i, bp] of DEMO_BRIDGE_POINTS.entries()) await orgs.addBridgePoint(bp, i);
    }
    const existing = await settings.get(DEMO_MEETING_KEY);
    if (existing && (await meetings.get(existing))) return { meetingId: existing };
    const meetingId = newMeetingId();
    await meetings.create({
      id: meetingId,
      title: DEMO_MEETING_TITLE,
      type: 'giao_ban',
      hostBridgePointId: 'bp_hoi_truong',
      startsAt: new Date().toISOString(),
      status: 'open',
    });
    await settings.set(DEMO_MEETING_KEY, meetingId);
    return { meetingId };
  });
}

export interface DemoSeedResult {
  meetingId: string;
  accounts: SeedAccountsResult;
}

/**
 * The full demo for the start command and system tests: the ward, its people and demo accounts,
 * and every bridge point and person invited to the demo meeting (with chair and secretary).
 */
export async function seedDemo(db: Db, accountOptions: SeedAccountsOptions = {}): Promise<DemoSeedResult> {
  const { meetingId } = await seedDemoWard(db);
  const accounts = await seedDemoAccounts(db, accountOptions);
  const meetings = new MeetingStore(db);
  const invited = await meetings.invitees(meetingId);
  if (invited.length === 0) {
    const roleOf = (title: string): InviteeRole =>
      title.startsWith('Bí thư Đảng ủy')
        ? 'chair'
        : title.startsWith('Chánh Văn phòng')
          ? 'secretary'
          : 'delegate';
    await meetings.update(
      meetingId,
      { description: 'Cuộc họp mẫu để thử hệ thống: mọi điểm cầu và đại biểu của phường đều được mời.' },
      {
        bridgePointIds: DEMO_BRIDGE_POINTS.map((bp) => bp.id),
        invitees: DEMO_PEOPLE.map((p) => ({ personId: demoPersonId(p.name), role: roleOf(p.title) })),
      },
      false,
      new Date(),
    );
    await meetings.replaceAgenda(meetingId, [
      {
        title: 'Báo cáo tình hình kinh tế – xã hội tháng 11',
        presenterPersonId: null,
        presenterLabel: 'UBND phường',
        plannedMinutes: 20,
      },
      {
        title: 'Công tác an ninh trật tự tại các khu phố',
        presenterPersonId: null,
        presenterLabel: 'Các khu phố',
        plannedMinutes: 30,
      },
      {
        title: 'Kết luận của chủ trì',
        presenterPersonId: demoPersonId(DEMO_PEOPLE[0].name),
        presenterLabel: '',
        plannedMinutes: 10,
      },
    ]);
  }
  return { meetingId, accounts };
}
