// Signing in for end-to-end tests: through the real login form, so the session cookie, CSRF token
// and redirect are the ones a person gets.
import type { Page } from 'playwright-core';

/** Signs `page` in as `username` (its test password from `passwords`) and waits to leave the form. */
export async function signInThroughUi(
  page: Page,
  username: string,
  passwords: Readonly<Record<string, string>>,
): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(passwords[username] ?? '');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'), { timeout: 15_000 });
}
