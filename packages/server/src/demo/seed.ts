// Seeds the demo ward and its open demo meeting, once. Idempotent: running it again (start command,
// demo-link) finds what is there and returns the same demo meeting.
import type { Db } from '../db/database.js';
import { SettingsStore } from '../db/settings-store.js';
import { newMeetingId } from '../ids.js';
import { MeetingStore } from '../meetings/store.js';
import { OrgStore } from '../org/store.js';
import { DEMO_BRIDGE_POINTS, DEMO_MEETING_TITLE, DEMO_ORGANIZATIONS } from './ward.js';

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
