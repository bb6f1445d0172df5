// Store for meetings. Scheduling, invitations and roles arrive with the scheduling issue; for now a
// meeting has a title, a type, a host bridge point and a status.
import type { Db } from '../db/database.js';

export type MeetingType = 'giao_ban' | 'chi_bo' | 'tap_huan' | 'chuyen_de' | 'hoi_nghi';
export type MeetingStatus = 'scheduled' | 'open' | 'ended';

export interface Meeting {
  id: string;
  title: string;
  type: MeetingType;
  hostBridgePointId: string | null;
  startsAt: string;
  status: MeetingStatus;
}

export interface MeetingWithHost extends Meeting {
  hostBridgePointName: string | null;
}

export class MeetingStore {
  constructor(private readonly db: Db) {}

  async create(meeting: Meeting): Promise<void> {
    await this.db
      .insertInto('meetings')
      .values({
        id: meeting.id,
        title: meeting.title,
        type: meeting.type,
        host_bridge_point_id: meeting.hostBridgePointId,
        starts_at: meeting.startsAt,
        status: meeting.status,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  async get(id: string): Promise<MeetingWithHost | null> {
    const row = await this.db
      .selectFrom('meetings')
      .leftJoin('bridge_points', 'bridge_points.id', 'meetings.host_bridge_point_id')
      .selectAll('meetings')
      .select('bridge_points.name as host_name')
      .where('meetings.id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      type: row.type as MeetingType,
      hostBridgePointId: row.host_bridge_point_id,
      startsAt: row.starts_at,
      status: row.status as MeetingStatus,
      hostBridgePointName: row.host_name,
    };
  }
}
