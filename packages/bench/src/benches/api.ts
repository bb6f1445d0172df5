// api: requests/s and latency of GET /api/health and GET /api/meetings/:id on the real server
// (a child process), against a bare Fastify hello route measured the same way in the same run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runLoad } from '../lib/http-load.js';
import { ProcWindow } from '../lib/proc.js';
import { freePort, startServerChild } from '../lib/server-child.js';
import { percentile } from '../lib/stats.js';
import type { Metric } from '../lib/results.js';
import { metric } from './types.js';
import type { Bench, BenchContext } from './types.js';

/** Connections of the closed-loop client: enough to keep a 1-core Fastify busy. */
const CONNECTIONS = 32;

interface RouteFigures {
  rps: number;
  p50: number | null;
  p99: number | null;
  errors: number;
  serverCpu: number;
  clientCpu: number;
}

async function measure(port: number, path: string, pid: number, durationMs: number): Promise<RouteFigures> {
  // NOTE: the window includes the 1 s warm-up; CPU is a rate, so that only smooths it.
  const window = new ProcWindow([pid, process.pid]);
  const load = await runLoad({ port, path, connections: CONNECTIONS, durationMs, warmupMs: 1000 });
  const usage = window.stop();
  return {
    rps: load.requestsPerSecond,
    p50: percentile(load.latenciesMs, 50),
    p99: percentile(load.latenciesMs, 99),
    errors: load.errors,
    serverCpu: usage.get(pid)?.cpuPercent ?? 0,
    clientCpu: usage.get(process.pid)?.cpuPercent ?? 0,
  };
}

async function startHello(): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const file = fileURLToPath(new URL('../fixtures/hello-server.js', import.meta.url));
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`hello server exited ${code}`)));
  });
  return {
    port,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function figures(prefix: string, f: RouteFigures, bare: RouteFigures | null): Record<string, Metric> {
  const out: Record<string, Metric> = {
    [`${prefix}.throughput`]: metric(f.rps, 'req/s', 'higher'),
    [`${prefix}.latency.p50`]: metric(f.p50, 'ms', 'lower'),
    [`${prefix}.latency.p99`]: metric(f.p99, 'ms', 'lower'),
    [`${prefix}.serverCpu`]: metric(f.serverCpu, '% of 1 core'),
    [`${prefix}.clientCpu`]: metric(f.clientCpu, '% of 1 core'),
    [`${prefix}.perServerCore`]: metric(
      f.serverCpu > 0 ? f.rps / (f.serverCpu / 100) : null,
      'req/s per core',
      'higher',
    ),
  };
  if (f.errors > 0) out[`${prefix}.non2xx`] = metric(f.errors, 'responses', 'lower');
  if (bare) out[`${prefix}.vsBareFastify`] = metric(f.rps / bare.rps, 'ratio of throughput', 'higher');
  return out;
}

export const apiBench: Bench = {
  name: 'api',
  async run(ctx: BenchContext) {
    const durationMs = ctx.quick ? 2000 : 5000;
    const hello = await startHello();
    let bare: RouteFigures;
    try {
      ctx.log('api: bare Fastify /hello');
      bare = await measure(hello.port, '/hello', hello.pid, durationMs);
    } finally {
      await hello.stop();
    }
    const server = await startServerChild({ janus: true });
    try {
      const port = Number(new URL(server.origin).port);
      ctx.log('api: GET /api/health');
      const health = await measure(port, '/api/health', server.pid, durationMs);
      ctx.log('api: GET /api/meetings/:id');
      const meeting = await measure(
        port,
        `/api/meetings/${encodeURIComponent(server.meetingId)}`,
        server.pid,
        durationMs,
      );
      return {
        metrics: {
          ...figures('bareFastify', bare, null),
          ...figures('health', health, bare),
          ...figures('meeting', meeting, bare),
        },
        limits:
          `closed loop, ${CONNECTIONS} keep-alive connections from the bench process on the same machine: ` +
          'client and server share the cores, so absolute req/s is a floor; the ratio to bare Fastify ' +
          'and req/s per server core are the comparable figures. /api/health pings SQLite and reads Janus state; ' +
          '/api/meetings/:id is one SQLite read.',
      };
    } finally {
      await server.stop();
    }
  },
};
