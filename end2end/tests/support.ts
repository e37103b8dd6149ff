import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

/** A password reset link made by the operator on the command line (installations without SMTP). */
export function resetLink(email: string): string {
  return execFileSync(binary, ['reset-link', email], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();
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

/**
 * Once the page's islands are awake (`data-hydrated` on the body, set by the wasm after the last
 * island's handlers are attached), the page reacts to input; without JavaScript there is
 * nothing to wait for.
 *
 * Once in CI (1 of 42 runs, 2026-11-26) a freshly loaded sign-in page never hydrated within
 * the test's five minutes; the cause is open (see the closing note: perhaps the same stall as
 * the HTTP tests' parallel renders); it was seen again twice on 2026-12-05. Hydration takes
 * well under 2 s; a page that has not hydrated after 10 s is loaded once more (within the
 * test's time, which a 30 s wait used up), and the retry is written to the log and the
 * report, so it stays visible.
 */
export async function waitForHydration(page: Page, javaScriptEnabled: boolean) {
  if (!javaScriptEnabled) return;
  const hydrated = page.locator('body[data-hydrated="true"]');
  try {
    await hydrated.waitFor({ state: 'attached', timeout: 10_000 });
  } catch {
    const note = `not hydrated after 10 s, reloading once: ${page.url()}`;
    console.warn(note);
    test.info().annotations.push({ type: 'hydration-retry', description: note });
    await page.reload();
    await hydrated.waitFor({ state: 'attached' });
  }
}

/** The date `offset` days from today, as a date field takes it (YYYY-MM-DD). */
export function isoDay(offset: number): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

/**
 * The signed-in admin invites a person (representing `organization`, a name or
 * Gemeindeschlüssel, if given) and the person sets a password; ends signed out.
 */
export async function invite(page: Page, name: string, email: string, password: string, organization?: string) {
  // Typing before hydration would be lost when the page hydrates.
  const javaScriptEnabled = test.info().project.use.javaScriptEnabled !== false;
  await page.goto('/admin/einladen');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (organization) {
    await page.getByLabel('Vertritt die Organisation (optional)').fill(organization);
  }
  await page.getByRole('button', { name: 'Einladung erstellen' }).click();
  const invitation = await page.getByRole('link', { name: /\/einladung\?t=/ }).getAttribute('href');
  await signOut(page);
  await page.goto(invitation!);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(password);
  await page.getByLabel('Neues Passwort wiederholen').fill(password);
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await signOut(page);
}

/** Invites a person, lets them set a password, and gives them seat `seat` on `bench`. */
export async function newMember(
  page: Page,
  name: string,
  email: string,
  password: string,
  bench: string,
  seat: string,
) {
  await invite(page, name, email, password);
  await page.goto('/anmelden');
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto('/gremium');
  const membership = page.getByRole('region', { name: 'Mitgliedschaft eintragen' });
  await membership.getByLabel('Person').selectOption({ label: name });
  await membership.getByLabel('Bank').selectOption({ label: bench });
  await membership.getByLabel('Sitz (Nummer)').fill(seat);
  await membership.getByRole('button', { name: 'Eintragen' }).click();
  await expect(page.getByRole('cell', { name })).toBeVisible();
  await signOut(page);
}

/** The text of a PDF, read by Python's `pypdf` — a reader independent of the server. */
export function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gremium-pdf-'));
  const file = path.join(dir, 'dokument.pdf');
  writeFileSync(file, bytes);
  const python = path.resolve(process.cwd(), '.venv/bin/python');
  return execFileSync(python, [path.resolve(process.cwd(), 'tools/pdf_text.py'), file], {
    encoding: 'utf-8',
  });
}
