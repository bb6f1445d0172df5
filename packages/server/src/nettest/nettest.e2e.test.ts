// End-to-end in Chromium: a paired kiosk (fake camera and microphone) presses "Kiểm tra đường
// truyền", runs both legs through the real Janus and coturn and shows "Sẵn sàng"; the admin then
// sees the point ready on the meeting's page and on the device board, in words, not colour only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingStore } from '../meetings/store.js';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';
import { freePort, turnTestEnv } from '../testing/system-harness.js';

let e2e: E2eSession;
let kiosk: { token: string; bridgePointId: string };

beforeAll(async () => {
  const turnPort = await freePort();
  e2e = await startE2eSession({
    artifacts: 'e2e',
    system: {
      env: turnTestEnv({
        port: turnPort,
        listen: '127.0.0.2',
        host: '127.0.0.2',
        secret: 'nettest-e2e-turn-secret-0123456789',
      }),
    },
  });
  const { sys } = e2e;
  const access = await new MeetingStore(sys.db).access(sys.demoMeetingId);
  const bridgePointId = access?.bridgePointIds[0];
  if (!bridgePointId) throw new Error('the demo meeting invites no bridge point');
  const registered = await sys.app.devices.register('Chromium kiosk');
  const admin = await sys.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  await sys.app.devices.pair(
    { pairingCode: registered.pairingCode, bridgePointId },
    { userId: admin.id, ip: '127.0.0.1' },
  );
  kiosk = { token: registered.token, bridgePointId };
}, 120_000);

afterAll(() => e2e?.close());

describe('pre-meeting network test in Chromium', () => {
  it('the kiosk tests its line on demand and the ward sees the point ready', async () => {
    const page = await e2e.newPage('kiosk', {
      height: 900,
      initScript: `localStorage.setItem('diemcau.kiosk.token', ${JSON.stringify(kiosk.token)})`,
    });
    await page.goto('/kiosk');
    await page.getByTestId('kiosk-point-name').waitFor({ timeout: 20_000 });
    // NOTE: the demo meeting may start soon, so the kiosk may be testing by itself already; the
    // button is disabled until that run ends, and a click then runs once more.
    await page.getByTestId('kiosk-nettest-run').click({ timeout: 60_000 });
    const verdict = page.getByTestId('kiosk-nettest-status').getByTestId('verdict');
    await verdict.waitFor({ timeout: 60_000 });
    await e2e.screenshot(page, 'kiosk-network-test');
    expect(await verdict.getAttribute('data-verdict')).toBe('ready');
    expect(await verdict.textContent()).toContain('Sẵn sàng');
    const status = (await page.getByTestId('kiosk-nettest-status').textContent()) ?? '';
    expect(status).toContain('Kết nối trực tiếp');
    expect(status).toContain('Qua máy chủ chuyển tiếp (TURN)');
    expect(status).not.toContain('Không kết nối được');

    const admin = await e2e.newPage('admin', { height: 900, signInAs: 'admin' });
    await admin.goto(`/cuoc-hop/${encodeURIComponent(e2e.sys.demoMeetingId)}`);
    const table = admin.getByTestId('meeting-readiness');
    await table.getByRole('heading', { name: 'Sẵn sàng của các điểm cầu' }).waitFor({ timeout: 15_000 });
    const row = table.locator(`[data-testid="readiness-row"][data-point="${kiosk.bridgePointId}"]`);
    await expect
      .poll(() => row.getByTestId('verdict').getAttribute('data-verdict'), { timeout: 15_000 })
      .toBe('ready');
    expect(await row.textContent()).toContain('Đang trực tuyến');
    await e2e.screenshot(admin, 'meeting-readiness', { fullPage: true });

    await admin.goto('/quan-tri/thiet-bi');
    const board = admin.getByTestId('devices-readiness');
    const boardRow = board.locator(`[data-testid="readiness-row"][data-point="${kiosk.bridgePointId}"]`);
    await expect
      .poll(() => boardRow.getByTestId('verdict').textContent(), { timeout: 15_000 })
      .toContain('Sẵn sàng');
  });
});
