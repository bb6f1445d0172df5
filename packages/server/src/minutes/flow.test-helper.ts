// The minutes flow in the browser as reusable steps (Playwright), for minutes.e2e.test.ts and for
// other end-to-end tests that need approved minutes first (e.g. finding them again by search).
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LiveEvent } from '@diemcau/protocol';
import { LiveStore } from '../conduct/store.js';
import type { Db } from '../db/database.js';
import { MeetingStore } from '../meetings/store.js';

/** A held meeting: started, two arrivals, one speech on the first item, ended (all in the past). */
export async function holdMeeting(db: Db, meetingId: string): Promise<void> {
  const m = await new MeetingStore(db).load(meetingId);
  const chair = m?.invitees.find((i) => i.role === 'chair');
  const secretary = m?.invitees.find((i) => i.role === 'secretary');
  const item = m?.agenda[0]?.id ?? null;
  const t0 = Date.now() - 90 * 60_000;
  const at = (min: number): string => new Date(t0 + min * 60_000).toISOString();
  const events: LiveEvent[] = [
    { type: 'meeting.started', at: at(0) },
    ...(chair ? [{ type: 'person.arrived' as const, personId: chair.personId, at: at(0) }] : []),
    ...(secretary ? [{ type: 'person.arrived' as const, personId: secretary.personId, at: at(1) }] : []),
    { type: 'point.connected', bridgePointId: 'bp_kp4', at: at(1) },
    { type: 'agenda.current', itemId: item, at: at(2) },
    {
      type: 'speak.granted',
      speech: {
        requestId: 'r_e2e_1',
        speakerKey: 'point:bp_kp4',
        label: 'Văn phòng khu phố 4 – Lê Văn Hai',
        topic: 'Đề nghị lắp thêm đèn chiếu sáng hẻm 12',
        itemId: item,
        startedAt: at(5),
        endedAt: null,
      },
    },
    { type: 'speak.ended', at: at(8) },
    { type: 'meeting.ended', at: at(60) },
  ];
  const store = new LiveStore(db);
  const after = (await store.load(meetingId)).at(-1)?.seq ?? 0;
  await store.append(meetingId, after, events);
}

export interface DraftInput {
  issuingBody: string;
  place: string;
  /** Conclusion of the first agenda item. */
  conclusion: string;
}

/** The secretary opens the meeting, starts the minutes, fills the header and a conclusion, submits. */
export async function draftAndSubmitMinutes(page: Page, meetingId: string, input: DraftInput): Promise<void> {
  await page.goto(`/cuoc-hop/${meetingId}`);
  await page.getByTestId('btn-minutes').click();
  await page.waitForURL(`**/cuoc-hop/${meetingId}/bien-ban`);
  await page.getByTestId('minutes-create').click();
  await page.getByTestId('minutes-editor').waitFor({ timeout: 15_000 });
  await page.getByTestId('minutes-issuing-body').fill(input.issuingBody);
  await page.getByTestId('minutes-place').fill(input.place);
  await page.getByTestId('minutes-conclusion-1').fill(input.conclusion);
  // Auto-save: the state line says "saved" once the debounced save has been acknowledged.
  await expect
    .poll(() => page.getByTestId('minutes-save-state').getAttribute('data-state'), { timeout: 15_000 })
    .toBe('saved');
  await page.getByTestId('minutes-submit').click();
  await expect
    .poll(() => page.getByTestId('minutes-state').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('submitted');
}

/** The chair opens the minutes (English path alias), approves; returns the SHA-256 shown. */
export async function approveMinutesAsChair(page: Page, meetingId: string, version = 1): Promise<string> {
  await page.goto(`/meetings/${meetingId}/minutes`);
  await page.getByTestId('minutes-approve').click();
  await page.getByTestId('confirm-ok').click();
  await expect
    .poll(() => page.getByTestId('minutes-state').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('approved');
  const sha = (await page.getByTestId(`minutes-sha-${version}`).textContent()) ?? '';
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  return sha;
}

/** Downloads a version's DOCX or PDF through its link and saves it to `file`. */
export async function downloadMinutes(
  page: Page,
  version: number,
  kind: 'docx' | 'pdf',
  file: string,
): Promise<Buffer> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`minutes-${kind}-${version}`).click(),
  ]);
  await download.saveAs(file);
  return fs.readFileSync(file);
}
