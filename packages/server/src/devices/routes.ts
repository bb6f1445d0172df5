// HTTP routes of bridge-point devices: the kiosk's own (register without login, then its device
// token) and the administrators' (pair by code, status board, revoke, edit).
import {
  DevicePairSchema,
  DevicePatchSchema,
  KioskHeartbeatSchema,
  KioskRegisterSchema,
} from '@diemcau/protocol';
import type {
  DeviceListResponse,
  DeviceView,
  KioskHeartbeatResponse,
  KioskRegisterResponse,
  KioskStateResponse,
} from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';
import { deviceOf, userOf } from '../auth/guards.js';
import { IdParams, parseInput } from '../org/http.js';
import { DeviceService } from './service.js';
import type { DeviceDeps } from './service.js';

/**
 * Registers /api/kiosk/* and /api/devices/*. Returns the service, whose `events` announce
 * revocations (disconnect the device's live session) and whose `resolveToken` serves the auth plugin.
 */
export function registerDeviceRoutes(
  app: FastifyInstance,
  deps: DeviceDeps | { service: DeviceService },
): DeviceService {
  const service = 'service' in deps ? deps.service : new DeviceService(deps);

  app.post('/api/kiosk/register', async (req, reply): Promise<KioskRegisterResponse> => {
    const body = parseInput(KioskRegisterSchema, req.body ?? {});
    const userAgent = body.userAgent ?? req.headers['user-agent']?.slice(0, 300) ?? '';
    const registered = await service.register(userAgent);
    // NOTE: the body carries the device's only copy of its token; no cache may keep it.
    void reply.code(201).header('cache-control', 'no-store');
    return registered;
  });

  app.get('/api/kiosk/state', async (req, reply): Promise<KioskStateResponse> => {
    const device = deviceOf(req);
    void reply.header('cache-control', 'no-store');
    return service.state(device.deviceId);
  });

  app.post('/api/kiosk/heartbeat', async (req): Promise<KioskHeartbeatResponse> => {
    const device = deviceOf(req);
    const body = parseInput(KioskHeartbeatSchema, req.body);
    return service.heartbeat(device.deviceId, body);
  });

  app.post('/api/devices/pair', async (req): Promise<DeviceView> => {
    const admin = userOf(req, 'admin');
    const body = parseInput(DevicePairSchema, req.body);
    return service.pair(body, { userId: admin.userId, ip: req.ip });
  });

  app.get('/api/devices', async (req): Promise<DeviceListResponse> => {
    userOf(req, 'admin');
    return { devices: await service.list() };
  });

  app.post('/api/devices/:id/revoke', async (req): Promise<DeviceView> => {
    const admin = userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    return service.revoke(id, { userId: admin.userId, ip: req.ip });
  });

  app.patch('/api/devices/:id', async (req): Promise<DeviceView> => {
    userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    const changes = parseInput(DevicePatchSchema, req.body);
    return service.update(id, changes);
  });

  return service;
}
