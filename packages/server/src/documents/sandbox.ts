// Runs an untrusted-input tool (LibreOffice, poppler) in a bubblewrap sandbox: its own user, PID,
// IPC, UTS and network namespaces (no network at all, not even the host's loopback), a file system
// of read-only /usr plus font configuration and one writable job folder, resource limits (prlimit)
// and a wall-clock timeout that kills the whole sandbox. ARCHITECTURE.md says what this guarantees.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

/** Inside the sandbox the job folder is always here. */
export const JOB_DIR = '/job';

export interface SandboxLimits {
  /** Wall-clock limit; the sandbox is killed when it passes. */
  timeoutMs: number;
  /** RLIMIT_AS: address space of each process. */
  addressSpaceBytes: number;
  /** RLIMIT_FSIZE: largest file a process may write. */
  fileSizeBytes: number;
  /** RLIMIT_CPU: CPU seconds of each process. */
  cpuSeconds: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  timeoutMs: 120_000,
  addressSpaceBytes: 3 * 1024 ** 3,
  fileSizeBytes: 512 * 1024 ** 2,
  cpuSeconds: 180,
};

export interface SandboxRun {
  /** Host folder bound read-write at /job; nothing else writable except a private /tmp. */
  jobDir: string;
  /** Program and arguments, with paths as seen inside (under /usr and /job). */
  argv: readonly string[];
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
}

export interface SandboxResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last few kilobytes of output, for error messages. */
  output: string;
}

const BWRAP = '/usr/bin/bwrap';
const PRLIMIT = '/usr/bin/prlimit';
/** An unprivileged uid/gid inside the sandbox ("nobody"). */
const SANDBOX_ID = '65534';
const OUTPUT_KEEP = 8192;

/** Read-only system paths a converter needs: programs and libraries, fonts, LibreOffice's config. */
const READ_ONLY_BINDS = ['/etc/fonts', '/etc/libreoffice', '/etc/ld.so.cache', '/var/cache/fontconfig'];

/** The full command line: prlimit → bwrap → the tool. Exported for the documentation test. */
export function sandboxCommand(run: SandboxRun): { file: string; args: string[] } {
  const l = { ...DEFAULT_LIMITS, ...run.limits };
  const binds = READ_ONLY_BINDS.flatMap((p) => ['--ro-bind-try', p, p]);
  return {
    file: PRLIMIT,
    args: [
      `--as=${l.addressSpaceBytes}`,
      `--fsize=${l.fileSizeBytes}`,
      `--cpu=${l.cpuSeconds}`,
      '--nofile=1024',
      '--core=0',
      '--',
      BWRAP,
      '--unshare-all',
      '--unshare-user',
      '--disable-userns',
      '--uid',
      SANDBOX_ID,
      '--gid',
      SANDBOX_ID,
      '--cap-drop',
      'ALL',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
      '--ro-bind',
      '/usr',
      '/usr',
      '--symlink',
      'usr/bin',
      '/bin',
      '--symlink',
      'usr/sbin',
      '/sbin',
      '--symlink',
      'usr/lib',
      '/lib',
      '--symlink',
      'usr/lib64',
      '/lib64',
      ...binds,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
      '--bind',
      run.jobDir,
      JOB_DIR,
      '--chdir',
      JOB_DIR,
      '--setenv',
      'HOME',
      `${JOB_DIR}/home`,
      '--setenv',
      'PATH',
      '/usr/bin',
      '--setenv',
      'LANG',
      'C.UTF-8',
      '--setenv',
      'TMPDIR',
      '/tmp',
      '--',
      ...run.argv,
    ],
  };
}

/** Runs one sandboxed command; resolves with how it ended (never rejects for a failing tool). */
export function runSandboxed(run: SandboxRun): Promise<SandboxResult> {
  const { file, args } = sandboxCommand(run);
  const timeoutMs = run.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  return new Promise((resolve, reject) => {
    // NOTE: detached = its own process group, so a timeout kills prlimit/bwrap and, through
    // --die-with-parent and the PID namespace, every process the tool started.
    const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const kill = (): void => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const onAbort = (): void => kill();
    run.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, timedOut, output });
    });
  });
}

/** Why conversions cannot run here, or null when the sandbox works (checked once at start). */
export async function sandboxProblem(jobDir: string): Promise<string | null> {
  for (const bin of [BWRAP, PRLIMIT]) {
    if (!fs.existsSync(bin)) return `${bin} is missing (apt-get install bubblewrap util-linux)`;
  }
  try {
    fs.mkdirSync(jobDir, { recursive: true, mode: 0o700 });
    const r = await runSandboxed({ jobDir, argv: ['/usr/bin/true'], limits: { timeoutMs: 10_000 } });
    return r.code === 0 ? null : `the sandbox does not start: ${r.output.trim().slice(0, 300)}`;
  } catch (err) {
    return `the sandbox does not start: ${(err as Error).message}`;
  }
}
