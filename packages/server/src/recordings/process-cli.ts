#!/usr/bin/env node
// Processes one recording to its playable file, in a process of its own (the server's worker
// spawns it; an operator may run it by hand). Usage:
//   node dist/recordings/process-cli.js --db <DATABASE_URL or SQLite file> --dir <recordings folder>
//        --id <recording id> [--segment-seconds 30]
// Exit 0: ready. Exit 1: failed (the reason is stored on the recording). Exit 2: nothing to do.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { openDatabase } from '../db/database.js';
import { MeetingStore } from '../meetings/store.js';
import { processRecording } from './processor.js';
import { RecordingStore } from './store.js';

/** CPU time of this process and its finished children (janus-pp-rec, ffmpeg), from /proc. */
function cpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // NOTE: utime, stime, cutime, cstime are fields 14–17, in clock ticks (100 per second on Linux).
    return fields.slice(11, 15).reduce((a, b) => a + b, 0) / 100;
  } catch {
    return null;
  }
}

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    dir: { type: 'string' },
    id: { type: 'string' },
    'segment-seconds': { type: 'string' },
  },
  strict: true,
});
if (!values.db || !values.dir || !values.id) {
  console.error(
    'usage: process-cli --db <url> --dir <recordings folder> --id <recording id> [--segment-seconds N]',
  );
  process.exit(2);
}
const log = pino({ level: process.env.LOG_LEVEL ?? 'info' }).child({ module: 'recording-processor' });
const db = await openDatabase({ url: values.db, poolSize: 2 });
let code = 0;
try {
  const store = new RecordingStore(db);
  const id = values.id;
  if (!(await store.claim(id, ['queued', 'processing']))) {
    log.warn({ recordingId: id }, 'recording is not waiting for processing');
    code = 2;
  } else {
    const rec = await store.get(id);
    const meeting = rec ? await new MeetingStore(db).get(rec.meetingId) : null;
    const started = performance.now();
    try {
      await processRecording(
        {
          store,
          recordingsDir: values.dir,
          log,
          ...(meeting ? { title: meeting.title } : {}),
          ...(values['segment-seconds'] ? { segmentSeconds: Number(values['segment-seconds']) } : {}),
        },
        id,
      );
      const done = await store.get(id);
      const seconds = (performance.now() - started) / 1000;
      const speed = done ? done.durationMs / 1000 / seconds : null;
      log.info({ recordingId: id, seconds, speed, cpuSeconds: cpuSeconds() }, 'recording ready');
    } catch (err) {
      log.error({ err, recordingId: id }, 'recording processing failed');
      await store.update(id, { status: 'failed', error: (err as Error).message.slice(0, 1000) });
      code = 1;
    }
  }
} finally {
  await db.destroy();
}
process.exit(code);
