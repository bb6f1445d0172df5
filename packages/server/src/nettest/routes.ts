// Routes of the pre-meeting network test: the kiosk's loopback socket (/ws/nettest) and its
// report, the readiness table of a meeting (its editors) and of every bridge point (admins).
import { NETTEST_PATH, NetworkTestReportSchema } from '@diemcau/protocol';
import type { NetworkTestView, ReadinessResponse } from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deviceOf, userOf } from '../auth/guards.js';
import { parseInput } from '../org/http.js';
import { NetTestRegistry, NetTestSession } from './session.js';
import type { NetTestSessionDeps } from './session.js';
import { NetworkTestService } from './service.js';
import type { NetworkTestDeps } from './service.js';

export type NetworkTestRouteDeps = NetworkTestDeps & {
  /** The loopback socket; absent in tests of the HTTP routes only. */
  live?: Omit<NetTestSessionDeps, 'registry'> & { registry?: NetTestRegistry };
};

const MeetingParams = z.object({ id: z.string().min(1).max(128) });

export function registerNetworkTestRoutes(
  app: FastifyInstance,
  deps: NetworkTestRouteDeps,
): NetworkTestService {
  const service = new NetworkTestService(deps);

  app.post('/api/kiosk/network-tests', async (req, reply): Promise<NetworkTestView> => {
    const device = deviceOf(req);
    const report = parseInput(NetworkTestReportSchema, req.body);
    const test = await service.record(device, report);
    void reply.code(201);
    return test;
  });

  app.get('/api/meetings/:id/readiness', async (req): Promise<ReadinessResponse> => {
    const { id } = parseInput(MeetingParams, req.params);
    return { rows: await service.meetingReadiness(req.auth, id, req.ip) };
  });

  app.get('/api/devices/readiness', async (req): Promise<ReadinessResponse> => {
    userOf(req, 'admin');
    return { rows: await service.boardReadiness() };
  });

  if (deps.live) {
    const live = { ...deps.live, registry: deps.live.registry ?? new NetTestRegistry() };
    app.get(NETTEST_PATH, { websocket: true }, (socket) => {
      const session = new NetTestSession(
        {
          send: (text) => {
            if (socket.readyState === socket.OPEN) socket.send(text);
          },
          close: (code, reason) => socket.close(code, reason),
        },
        live,
      );
      socket.on('message', (data, isBinary) => {
        if (isBinary) return session.end('binary frame');
        const raw = Buffer.isBuffer(data)
          ? data
          : Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.from(data);
        session.receive(raw.toString('utf8'));
      });
      socket.on('close', () => session.closed());
      socket.on('error', (err) => live.log.warn({ err }, 'network-test socket error'));
    });
  }
  return service;
}
