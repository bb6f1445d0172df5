// A small closed-loop HTTP/1.1 load generator over keep-alive sockets: each connection sends the
// next GET as soon as the previous response is complete. Far cheaper per request than node:http,
// so on a small machine more of the CPU is left to the server under test.
import net from 'node:net';

/**
 * Splits a byte stream into complete HTTP responses (Content-Length framing only; our servers
 * never chunk these small JSON replies). Returns the status of each response completed so far.
 */
export class ResponseParser {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): number[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const statuses: number[] = [];
    for (;;) {
      const headEnd = this.buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) break;
      const head = this.buffer.subarray(0, headEnd).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
      if (!status) throw new Error(`not an HTTP response: ${head.slice(0, 80)}`);
      if (/^transfer-encoding:\s*chunked/im.test(head))
        throw new Error('chunked responses are not supported');
      const length = Number(/^content-length:\s*(\d+)/im.exec(head)?.[1] ?? 0);
      const total = headEnd + 4 + length;
      if (this.buffer.length < total) break;
      this.buffer = this.buffer.subarray(total);
      statuses.push(status);
    }
    return statuses;
  }
}

export interface LoadOptions {
  port: number;
  path: string;
  connections: number;
  durationMs: number;
  /** Requests before measuring starts (JIT, caches, connection set-up). */
  warmupMs?: number;
}

export interface LoadResult {
  requests: number;
  /** Responses whose status was not 2xx. */
  errors: number;
  requestsPerSecond: number;
  latenciesMs: number[];
}

/** Runs a closed-loop load against 127.0.0.1:<port><path>. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const request = Buffer.from(
    `GET ${options.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`,
  );
  const warmupMs = options.warmupMs ?? 1000;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + options.durationMs;
  const latencies: number[] = [];
  let errors = 0;

  const oneConnection = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket = net.connect(options.port, '127.0.0.1');
      socket.setNoDelay(true);
      const parser = new ResponseParser();
      let sentAt = 0;
      const send = (): void => {
        sentAt = performance.now();
        socket.write(request);
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        let statuses: number[];
        try {
          statuses = parser.push(chunk);
        } catch (err) {
          socket.destroy();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (statuses.length === 0) return;
        const now = performance.now();
        if (sentAt >= measureFrom && now <= end) {
          latencies.push(now - sentAt);
          for (const s of statuses) if (s < 200 || s >= 300) errors += 1;
        }
        if (now < end) send();
        else socket.end();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve());
    });

  await Promise.all(Array.from({ length: options.connections }, oneConnection));
  return {
    requests: latencies.length,
    errors,
    requestsPerSecond: latencies.length / (options.durationMs / 1000),
    latenciesMs: latencies,
  };
}
