// End-to-end in Chromium for the ward's calendar: an admin creates a meeting with three bridge
// points and an agenda through the web app; a kiosk paired to one of those points sees it and
// joins with one click; an uninvited account is refused; a guest waits in the lobby until the
// chair (here the admin) lets them in. Vietnamese text is checked as people see it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';

const TITLE = 'Họp chuyên đề an ninh trật tự – tháng 12';
const PASSCODE = '246810';
let e2e: E2eSession;

beforeAll(async () => {
  e2e = await startE2eSession({ artifacts: 'e2e' });
});

afterAll(() => e2e?.close());

/** The names on the tiles a page shows. */
/** Who a page shows: tiles of the room view, or the people list of the chair console. */
async function tileNames(page: Page): Promise<(string | null)[]> {
  const tiles = await page.locator('[data-testid="tile"], [data-testid="console-participant"]').all();
  return Promise.all(tiles.map((t) => t.getAttribute('data-name')));
}

/** Today's date and a time a few minutes ahead, in Vietnam, as the editor's inputs want them. */
function vnSoon(minutesAhead: number): { date: string; time: string } {
  const at = new Date(Date.now() + minutesAhead * 60_000);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

describe('scheduling, kiosk, admission and lobby in Chromium', () => {
  it('runs the whole path from the calendar to the room', async () => {
    await e2e.screenshotOnFailure(wholePath);
  });
});

async function wholePath(): Promise<void> {
  {
    // 1. A kiosk at Văn phòng khu phố 4 shows its pairing code.
    const kiosk = await e2e.newPage('kiosk');
    await kiosk.goto('/kiosk');
    const codeText = await kiosk.getByTestId('kiosk-pairing-code').textContent({ timeout: 15_000 });
    const code = (codeText ?? '').replace(/\s+/g, '');
    expect(code).toMatch(/^[2-9A-Z]{6}$/);

    // 2. The admin signs in and pairs it.
    const admin = await e2e.newPage('admin', { signInAs: 'admin' });
    await admin.goto('/quan-tri/thiet-bi');
    await admin.getByTestId('pair-code').fill(code);
    await admin.getByTestId('pair-bridge-point').selectOption('bp_kp4');
    await admin.getByTestId('pair-submit').click();
    await expect
      .poll(() => kiosk.getByTestId('kiosk-point-name').textContent(), { timeout: 15_000 })
      .toContain('Văn phòng khu phố 4');

    // 3. The admin creates a meeting with three bridge points, an agenda and guest access.
    await admin.goto('/cuoc-hop/moi');
    await admin.getByTestId('meeting-title').fill(TITLE);
    await admin.getByTestId('meeting-type').selectOption('chuyen_de');
    const soon = vnSoon(5);
    await admin.getByTestId('meeting-date').fill(soon.date);
    await admin.getByTestId('meeting-time').fill(soon.time);
    await admin.getByTestId('meeting-duration').fill('90');
    await admin.getByTestId('meeting-host').selectOption('bp_hoi_truong');
    for (const bp of ['bp_kp4', 'bp_kp5', 'bp_vp_dang_uy'])
      await admin.getByTestId(`meeting-bp-${bp}`).check();
    await admin.getByTestId('agenda-add').click();
    await admin.getByTestId('agenda-title-0').fill('Tình hình an ninh trật tự tại khu phố 4');
    await admin.getByTestId('agenda-add').click();
    await admin.getByTestId('agenda-title-1').fill('Kết luận và phân công nhiệm vụ');
    await admin.getByTestId('meeting-guest-access').check();
    await admin.getByTestId('meeting-passcode').fill(PASSCODE);
    await admin.getByTestId('meeting-save').click();
    await admin.waitForURL(/\/cuoc-hop\/[A-Za-z0-9_-]{22}/, { timeout: 15_000 });
    const meetingId = /\/cuoc-hop\/([A-Za-z0-9_-]{22})/.exec(admin.url())?.[1] ?? '';
    await expect.poll(() => admin.getByTestId('meeting-detail').textContent()).toContain(TITLE);
    await expect
      .poll(() => admin.getByTestId('detail-agenda').textContent())
      .toContain('Kết luận và phân công nhiệm vụ');
    await e2e.screenshot(admin, 'meeting-detail');

    // 4. The kiosk sees it and joins with one click: no typing, no login.
    await expect
      .poll(() => kiosk.getByTestId('kiosk-meeting').allTextContents(), { timeout: 20_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining(TITLE)]));
    await e2e.screenshot(kiosk, 'kiosk-paired');
    // The demo meeting is live too: the kiosk shows one big button per live meeting, each titled.
    await kiosk.locator('.kiosk__join', { hasText: TITLE }).getByTestId('kiosk-join').click();
    await kiosk.locator('[data-state="joined"]').waitFor({ timeout: 20_000 });

    // 5. An account that is not invited is refused.
    const outsider = await e2e.newPage('outsider', { signInAs: 'daibieu' });
    await outsider.goto(`/m/${meetingId}?ice=loopback`);
    await outsider.getByTestId('btn-join').click();
    await outsider.locator('[data-state="error"]').waitFor({ timeout: 15_000 });
    expect(await outsider.locator('[data-state="error"]').textContent()).toMatch(/quyền|mời|không/i);

    // 6. The admin enters as moderator; a guest with the passcode waits until admitted.
    await admin.goto(`/m/${meetingId}?ice=loopback`);
    await admin.getByTestId('btn-join').click();
    await admin.locator('[data-state="joined"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => tileNames(admin)).toContain('Văn phòng khu phố 4');

    const guest = await e2e.newPage('guest');
    await guest.goto(`/m/${meetingId}?name=${encodeURIComponent('Khách mời Trần Văn Bình')}&ice=loopback`);
    await guest.getByTestId('join-passcode').fill(PASSCODE);
    await guest.getByTestId('btn-join').click();
    await guest.getByTestId('lobby-waiting').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => admin.getByTestId('lobby-panel').textContent(), { timeout: 10_000 })
      .toContain('Trần Văn Bình');
    await e2e.screenshot(admin, 'lobby-moderator');
    await admin.getByTestId('lobby-admit').first().click();
    await guest.locator('[data-state="joined"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => tileNames(kiosk)).toContain('Khách mời Trần Văn Bình');
  }
}
