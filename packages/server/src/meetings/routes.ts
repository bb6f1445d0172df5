// HTTP routes of meetings: list and calendar ranges, detail (full or the join page's public view),
// create/update/cancel, agenda, guest passcode, RSVP (signed in or by e-mail link) and the kiosk.
import {
  AgendaSchema,
  GuestPasscodeSchema,
  MeetingCancelSchema,
  MeetingCreateSchema,
  MeetingIdSchema,
  MeetingListQuerySchema,
  MeetingUpdateSchema,
  RsvpInputSchema,
} from '@diemcau/protocol';
import { AppError } from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deviceOf } from '../auth/guards.js';
import { kioskMeetings, rsvpByToken, rsvpTokenView } from './join.js';
import { MeetingService } from './service.js';
import type { MeetingServiceDeps } from './service.js';
import { parseInput } from './views.js';

export type MeetingRouteDeps = MeetingServiceDeps;

const IdParams = z.object({ id: MeetingIdSchema });
const TokenParams = z.object({ token: z.string().min(1).max(128) });

function meetingId(req: FastifyRequest): string {
  const parsed = IdParams.safeParse(req.params);
  if (!parsed.success) throw AppError.validation('invalid meeting id', 'id');
  return parsed.data.id;
}

function rsvpToken(req: FastifyRequest): string {
  const parsed = TokenParams.safeParse(req.params);
  if (!parsed.success) throw AppError.validation('invalid token', 'token');
  return parsed.data.token;
}

/** Registers the meeting routes; returns the service (for admission and other domains). */
export function registerMeetingRoutes(app: FastifyInstance, deps: MeetingRouteDeps): MeetingService {
  const service = new MeetingService(deps);
  const clock = deps.clock ?? (() => new Date());

  app.get('/api/meetings', async (req) => {
    const q = parseInput(MeetingListQuerySchema, req.query);
    const meetings = await service.list(req.auth, {
      from: q.from,
      to: q.to,
      mine: q.mine === '1',
      type: q.type,
    });
    return { meetings };
  });

  app.post('/api/meetings', async (req, reply) => {
    const input = parseInput(MeetingCreateSchema, req.body);
    const result = await service.create(req.auth, input);
    return reply.code(201).send(result);
  });

  app.get('/api/meetings/:id', async (req) => service.detail(req.auth, meetingId(req), req.ip));

  app.patch('/api/meetings/:id', async (req) => {
    const id = meetingId(req);
    return service.update(req.auth, id, parseInput(MeetingUpdateSchema, req.body));
  });

  app.post('/api/meetings/:id/cancel', async (req) => {
    const id = meetingId(req);
    return service.cancel(req.auth, id, parseInput(MeetingCancelSchema, req.body).notify);
  });

  app.post('/api/meetings/:id/invitations', async (req) => {
    const id = meetingId(req);
    return service.resendInvitations(req.auth, id);
  });

  app.put('/api/meetings/:id/agenda', async (req) => {
    const id = meetingId(req);
    return { items: await service.replaceAgenda(req.auth, id, parseInput(AgendaSchema, req.body).items) };
  });

  app.put('/api/meetings/:id/guest-passcode', async (req) => {
    const id = meetingId(req);
    return service.setPasscode(req.auth, id, parseInput(GuestPasscodeSchema, req.body).passcode);
  });

  app.post('/api/meetings/:id/rsvp', async (req) => {
    const id = meetingId(req);
    return service.rsvp(req.auth, id, parseInput(RsvpInputSchema, req.body));
  });

  // The personal link of a giấy mời: GET only reads (mail scanners follow links), POST answers.
  app.get('/api/rsvp/:token', async (req) => rsvpTokenView(service, deps.db, rsvpToken(req)));

  app.post('/api/rsvp/:token', async (req) => {
    const token = rsvpToken(req);
    return rsvpByToken(service, deps.db, token, parseInput(RsvpInputSchema, req.body));
  });

  app.get('/api/kiosk/meetings', async (req) => {
    const device = deviceOf(req);
    return { meetings: await kioskMeetings(deps.db, device.bridgePointId, clock()) };
  });

  return service;
}
