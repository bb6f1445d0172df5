// Read routes for meetings used by the join page. Managing meetings comes with the scheduling issue.
import { AppError } from '@diemcau/protocol';
import type { MeetingInfo } from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MeetingStore } from './store.js';

const Params = z.object({ id: z.string().min(1).max(128) });

export function registerMeetingRoutes(app: FastifyInstance, meetings: MeetingStore): void {
  app.get('/api/meetings/:id', async (req) => {
    const parsed = Params.safeParse(req.params);
    if (!parsed.success) throw new AppError('validation_failed', 'invalid meeting id', { field: 'id' });
    const meeting = await meetings.get(parsed.data.id);
    if (!meeting || meeting.status === 'ended') throw AppError.meetingNotFound(parsed.data.id);
    const info: MeetingInfo = {
      id: meeting.id,
      title: meeting.title,
      hostBridgePoint: meeting.hostBridgePointName,
    };
    return info;
  });
}
