// The set-up every Chromium end-to-end test shares: the real system with the web app, one Chromium
// with fake camera and microphone, pages in Vietnamese on Vietnam time (signed in if asked), a
// screenshot of every open page when a test fails, and one close() for all of it.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { signInThroughUi } from './sign-in.js';
import { startTestSystem } from './system-harness.js';
import type { TestSystem, TestSystemOptions } from './system-harness.js';

export interface E2eSessionOptions {
  /** Folder under `artifacts/` for screenshots and downloads (`e2e`, `minutes`…). */
  artifacts: string;
  /** How to start the system; the web app is always served. */
  system?: Omit<TestSystemOptions, 'web'>;
}

export interface E2ePageOptions {
  /** Viewport; 1366 × 768 unless told. */
  width?: number;
  height?: number;
  /** A demo account to sign in as, through the login form, before the page is returned. */
  signInAs?: string;
  /** Playwright's default timeout for the page's actions. */
  defaultTimeout?: number;
  /** A script run in the page before any of its own (e.g. a kiosk token in localStorage). */
  initScript?: string;
}

export interface E2eSession {
  readonly sys: TestSystem;
  readonly browser: Browser;
  /** The artifacts folder (absolute; created). */
  readonly artifacts: string;
  /** Every page opened so far, by label. */
  readonly pages: ReadonlyMap<string, Page>;
  /** A page in its own browser context (own cookies), at the system's origin. */
  newPage(label: string, options?: E2ePageOptions): Promise<Page>;
  /** Saves what `page` shows as `<artifacts>/<name>.png`. */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<void>;
  /**
   * Runs a test body; if it throws, every open page is saved as `failed-<prefix><label>.png`
   * (best effort) and the error is thrown again.
   */
  screenshotOnFailure(run: () => Promise<void>, prefix?: string): Promise<void>;
  /** Closes the pages, the browser and the system. */
  close(): Promise<void>;
}

/** Starts the system and Chromium; call close() in afterAll. */
export async function startE2eSession(options: E2eSessionOptions): Promise<E2eSession> {
  const artifacts = path.resolve('artifacts', options.artifacts);
  fs.mkdirSync(artifacts, { recursive: true });
  const sys = await startTestSystem({ ...options.system, web: true });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await sys.stop();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();

  const screenshot = async (page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> => {
    await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: opts.fullPage ?? false });
  };

  return {
    sys,
    browser,
    artifacts,
    pages,
    screenshot,
    async newPage(label, opts = {}) {
      const context = await browser.newContext({
        viewport: { width: opts.width ?? 1366, height: opts.height ?? 768 },
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        baseURL: sys.origin,
        acceptDownloads: true,
      });
      contexts.push(context);
      if (opts.initScript) await context.addInitScript(opts.initScript);
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`[${label}] page error:`, err.message));
      if (opts.defaultTimeout) page.setDefaultTimeout(opts.defaultTimeout);
      pages.set(label, page);
      if (opts.signInAs) await signInThroughUi(page, opts.signInAs, sys.passwords);
      return page;
    },
    async screenshotOnFailure(run, prefix = '') {
      try {
        await run();
      } catch (err) {
        for (const [label, page] of pages)
          await screenshot(page, `failed-${prefix}${label.replace(/\s+/g, '-')}`, { fullPage: true }).catch(
            () => undefined,
          );
        throw err;
      }
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await sys.stop();
    },
  };
}
