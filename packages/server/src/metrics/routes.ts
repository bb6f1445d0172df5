// GET /metrics in Prometheus text format, and the hook that times every HTTP request by route.
// Open to a scraper on this machine; from anywhere else only with `Authorization: Bearer
// <METRICS_TOKEN>`, and not at all when no token is configured.
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerMetrics } from './registry.js';

export const METRICS_PATH = '/metrics';

export interface MetricsRouteOptions {
  metrics: ServerMetrics;
  /** The bearer token remote scrapers must send; without it only loopback may scrape. */
  token?: string | undefined;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Whether the request comes straight from this machine. NOTE: the ward's HTTPS reverse proxy also
 * connects from loopback, so a request that carries forwarding headers came from elsewhere and
 * needs the token, whatever its socket address.
 */
function fromLoopback(req: FastifyRequest): boolean {
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Constant-time comparison (hashing first makes the lengths equal). */
const tokenMatches = (given: string, expected: string): boolean =>
  timingSafeEqual(digest(given), digest(expected));

export function registerMetricsRoutes(app: FastifyInstance, options: MetricsRouteOptions): void {
  const { metrics } = options;
  const token = options.token === undefined || options.token === '' ? undefined : options.token;

  app.addHook('onResponse', async (req, reply) => {
    // A WebSocket upgrade lives for the whole meeting: its "latency" says nothing.
    if ((req as { ws?: boolean }).ws === true) return;
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get(METRICS_PATH, async (req, reply) => {
    if (!fromLoopback(req)) {
      if (token === undefined) throw AppError.forbidden('metrics are served to this machine only');
      const given = BEARER.exec(req.headers.authorization ?? '')?.[1];
      if (given === undefined || !tokenMatches(given, token)) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw AppError.unauthorized('a valid metrics token is needed');
      }
    }
    const { body, contentType } = await metrics.exposition();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
