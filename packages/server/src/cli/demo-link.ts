#!/usr/bin/env node
// npm run demo-link -- --as "<bridge point or person name>": prints a join URL for the demo
// meeting, with a time-limited invitation token, for a browser or a bot. Uses the same PORT /
// PUBLIC_ORIGIN / DATA_DIR / DATABASE_URL as the server.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { demoJoinLink } from '../demo/links.js';
import { seedDemo } from '../demo/seed.js';

const { values } = parseArgs({
  options: { as: { type: 'string' }, json: { type: 'boolean' } },
  strict: true,
});
const name = values.as?.trim();
if (!name) {
  console.error(
    'Cách dùng / usage: npm run demo-link -- --as "<tên điểm cầu hoặc người / bridge point or person>"',
  );
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl ?? path.join(config.dataDir, 'diemcau.sqlite') });
try {
  const { meetingId, accounts } = await seedDemo(db);
  for (const a of accounts.created)
    console.error(`tài khoản mẫu / demo account: ${a.username} ${a.password}`);
  const link = await demoJoinLink(db, config.publicOrigin, meetingId, name);
  console.log(values.json ? JSON.stringify({ ...link, meetingId }) : link.link);
} finally {
  await db.destroy();
}
