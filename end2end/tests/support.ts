import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The server runs on a fresh database (scripts/test); the first admin is created with the
// command line, exactly as on a fresh install. DATABASE_URL is the server's.

export const ADMIN = 'admin@e2e.example';
export const ADMIN_PASSWORD = 'Leuchtturm über der Förde 2026';
const binary = process.env.GREMIUM_BIN ?? path.resolve(process.cwd(), '../target/debug/gremium');

export function createAdmin() {
  try {
    execFileSync(binary, ['create-admin', ADMIN, '--name', 'Erika Admin'], {
      input: `${ADMIN_PASSWORD}\n`,
      env: process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    // Every journey that needs the admin calls this: after the first, the admin exists.
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    if (!stderr.includes('gibt es bereits')) throw error;
  }
}

export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
}

/**
 * Fails the test with the WCAG 2.1 A/AA violations axe-core finds on the page. axe runs as a
 * script in the page; for the project without JavaScript the same URL is checked in a second
 * context where JavaScript runs but the app's own scripts are blocked, so the page stays exactly
 * as the server rendered it.
 */
export async function expectAccessible(page: Page) {
  const withoutJs = test.info().project.use.javaScriptEnabled === false;
  const context = withoutJs
    ? await page.context().browser()!.newContext({
        javaScriptEnabled: true,
        storageState: await page.context().storageState(),
      })
    : undefined;
  try {
    let target = page;
    if (context) {
      await context.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
      target = await context.newPage();
      await target.goto(page.url());
    }
    const results = await new AxeBuilder({ page: target })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const summary = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(summary, `axe-core violations on ${page.url()}`).toEqual([]);
  } finally {
    await context?.close();
  }
}

/** Once hydrated, the page reacts to input; without JavaScript there is nothing to wait for. */
export async function waitForHydration(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) {
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  }
}
