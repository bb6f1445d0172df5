// The per-user iCalendar feed: `POST /api/calendar/token` makes (or rotates) a secret feed URL,
// `GET /api/calendar/:token.ics` serves the user's meetings to any calendar program.
import { AppError, meetingPath } from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';
import { userOf } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { MeetingStore } from '../meetings/store.js';
import { newSecretToken, sha256Hex } from '../meetings/tokens.js';
import { feedIcs } from './ics.js';
import type { Organizer } from './ics.js';

export interface CalendarRouteDeps {
  db: Db;
  /** Origin of feed and join links. */
  publicOrigin: string;
  organizer: Organizer;
  clock?: () => Date;
}

/** The users table belongs to the auth module; the calendar owns only calendar_token_hash. */
class CalendarTokenStore {
  constructor(private readonly db: Db) {}

  async set(userId: string, hash: string): Promise<boolean> {
    const res = await this.db
      .updateTable('users')
      .set({ calendar_token_hash: hash })
      .where('id', '=', userId)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async userOf(
    hash: string,
  ): Promise<{ personId: string | null; bridgePointId: string | null; operator: boolean } | null> {
    const row = await this.db
      .selectFrom('users')
      .select(['person_id', 'bridge_point_id', 'roles', 'disabled'])
      .where('calendar_token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || Number(row.disabled) === 1) return null;
    let roles: unknown;
    try {
      roles = JSON.parse(row.roles);
    } catch {
      roles = [];
    }
    return {
      personId: row.person_id,
      bridgePointId: row.bridge_point_id,
      operator: Array.isArray(roles) && roles.includes('operator'),
    };
  }
}

const FEED_PATH = /^([A-Za-z0-9_-]{43})\.ics$/;

export function registerCalendarRoutes(app: FastifyInstance, deps: CalendarRouteDeps): void {
  const tokens = new CalendarTokenStore(deps.db);
  const meetings = new MeetingStore(deps.db);
  const clock = deps.clock ?? (() => new Date());

  app.post('/api/calendar/token', async (req) => {
    const user = userOf(req);
    const token = newSecretToken();
    if (!(await tokens.set(user.userId, sha256Hex(token)))) throw AppError.notFound('user');
    const url = new URL(`/api/calendar/${token}.ics`, deps.publicOrigin).toString();
    return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
  });

  // NOTE: the whole last segment is one parameter; find-my-way's ":token.ics" would also match
  // other suffixes, and the feed must answer 404 for anything that is not exactly our shape.
  app.get('/api/calendar/:file', async (req, reply) => {
    const file = (req.params as { file?: string }).file ?? '';
    const match = FEED_PATH.exec(file);
    if (!match?.[1]) throw AppError.notFound('calendar');
    const user = await tokens.userOf(sha256Hex(match[1]));
    if (!user) throw AppError.notFound('calendar');
    const entries = await meetings.listForCalendar(user.personId, user.operator ? user.bridgePointId : null);
    const items = [];
    for (const { row } of entries) {
      const m = await meetings.load(row.id);
      if (!m) continue;
      // The feed URL may be shared with a calendar service: no personal join tokens in it.
      const link = new URL(meetingPath(m.id), deps.publicOrigin).toString();
      items.push({ meeting: m, link });
    }
    const body = feedIcs('Lịch họp Điểm Cầu', items, { organizer: deps.organizer, now: clock() });
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .send(body);
  });
}
