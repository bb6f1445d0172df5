// Forks one of the bench's helper processes (dist/fixtures/*.js) with an IPC channel, and asks
// it things one at a time; each helper is its own process so /proc can tell its CPU apart.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Helper<Req, Rep extends { op: string }> {
  pid: number;
  /** Sends a request and waits for the next reply with operation `op`. */
  call<Op extends Rep['op']>(request: Req, op: Op, timeoutMs?: number): Promise<Extract<Rep, { op: Op }>>;
  stop(): Promise<void>;
}

export function forkHelper<Req, Rep extends { op: string }>(name: string): Helper<Req, Rep> {
  const file = fileURLToPath(new URL(`../fixtures/${name}.js`, import.meta.url));
  const child: ChildProcess = fork(file, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    pid: child.pid ?? 0,
    call(request, op, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          reject(new Error(`${name}: no '${op}' reply in ${timeoutMs} ms`));
        }, timeoutMs);
        const onMessage = (msg: Rep): void => {
          if (msg.op === 'error') {
            clearTimeout(timer);
            child.off('message', onMessage);
            reject(new Error(`${name}: ${JSON.stringify(msg)}`));
          } else if (msg.op === op) {
            clearTimeout(timer);
            child.off('message', onMessage);
            resolve(msg as Extract<Rep, { op: typeof op }>);
          }
        };
        child.on('message', onMessage);
        child.send(request as object);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
