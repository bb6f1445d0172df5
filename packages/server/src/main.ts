#!/usr/bin/env node
// Entry point of the Điểm Cầu server: reads the environment, starts everything, prints where to go.
import { loadConfig } from './config.js';
import { demoJoinLink } from './demo/links.js';
import { startSystem } from './system.js';

const config = loadConfig();
const system = await startSystem(config, { logLevel: config.logLevel });
const log = system.app.fastify.log;
const mediaLog = system.media ? 'Janus is up' : 'Janus is disabled (JANUS_ENABLED=0)';
const turnLog = system.turn
  ? `TURN on port ${config.turn.port}`
  : 'TURN is off (TURN_ENABLED=0, or no turnserver or MEDIA_ADDR)';
const demo = (
  await demoJoinLink(system.db, config.publicOrigin, system.demoMeetingId, 'Hội trường UBND phường')
).link;
console.log(`\nĐiểm Cầu đang chạy / is running: ${config.publicOrigin}  (${mediaLog}; ${turnLog})`);
console.log(`Cuộc họp mẫu / demo meeting:   ${demo}`);
console.log(`Liên kết khác / other links:   npm run demo-link -- --as "Văn phòng khu phố 4"`);
console.log(
  `Đăng nhập / sign in:           ${config.publicOrigin}/dang-nhap   ·   kiosk: ${config.publicOrigin}/kiosk`,
);
if (system.createdAccounts.length > 0) {
  // NOTE: printed once, when the accounts are created; they are stored only as argon2id hashes.
  console.log('Tài khoản mẫu vừa tạo (ghi lại, sẽ không hiện lại) / demo accounts created (shown once):');
  for (const a of system.createdAccounts)
    console.log(
      `  ${a.username.padEnd(8)} ${a.password}   ${a.roles.join(', ')}${a.fullName ? ` – ${a.fullName}` : ''}`,
    );
}
console.log('');

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
