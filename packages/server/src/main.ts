#!/usr/bin/env node
// Entry point of the Điểm Cầu server: reads the environment, starts everything, prints where to go.
import { buildJoinLink } from '@diemcau/protocol';
import { loadConfig } from './config.js';
import { startSystem } from './system.js';

const config = loadConfig();
const system = await startSystem(config, { logLevel: config.logLevel });
const log = system.app.fastify.log;
const mediaLog = system.media ? 'Janus is up' : 'Janus is disabled (JANUS_ENABLED=0)';
const demo = buildJoinLink({
  origin: config.publicOrigin,
  meetingId: system.demoMeetingId,
  name: 'Hội trường UBND phường',
  bridgePoint: 'Hội trường UBND phường',
});
console.log(`\nĐiểm Cầu đang chạy / is running: ${config.publicOrigin}  (${mediaLog})`);
console.log(`Cuộc họp mẫu / demo meeting:   ${demo}`);
console.log(`Liên kết khác / other links:   npm run demo-link -- --as "Văn phòng khu phố 4"\n`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  system.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      log.error({ err }, 'stop failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
