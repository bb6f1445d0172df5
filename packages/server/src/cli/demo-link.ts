#!/usr/bin/env node
// npm run demo-link -- --as "<bridge point or person name>": prints a join URL for the demo
// meeting, for a browser or a bot. Uses the same PORT / PUBLIC_ORIGIN / DATA_DIR as the server.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildJoinLink } from '@diemcau/protocol';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { seedDemoWard } from '../demo/seed.js';
import { OrgStore } from '../org/store.js';

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
  const { meetingId } = await seedDemoWard(db);
  const points = await new OrgStore(db).listBridgePoints();
  const fold = (s: string): string => s.normalize('NFC').toLocaleLowerCase('vi');
  const point = points.find((p) => fold(p.name) === fold(name));
  const link = buildJoinLink({
    origin: config.publicOrigin,
    meetingId,
    name,
    bridgePoint: point ? point.name : null,
  });
  console.log(values.json ? JSON.stringify({ link, meetingId, bridgePoint: point?.name ?? null }) : link);
} finally {
  await db.destroy();
}
