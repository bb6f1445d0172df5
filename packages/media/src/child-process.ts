// What every supervised child process (Janus here, coturn in the server) does the same way:
// waiting until it is ready or has died, and stopping it politely, then firmly.
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves when `ready()` does; rejects if the child exits first (with the last lines it wrote)
 * and then kills it, so that a failed start leaves nothing behind.
 */
export async function untilReady(
  child: ChildProcess,
  ready: () => Promise<void>,
  what: string,
  tail: () => readonly string[],
): Promise<void> {
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `${what} exited during start (code ${code}, signal ${signal}): ${tail().slice(-5).join(' | ')}`,
        ),
      ),
    ),
  );
  died.catch(() => {});
  try {
    await Promise.race([ready(), died]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
