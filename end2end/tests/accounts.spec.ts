import { expect, test } from '@playwright/test';
import http from 'node:http';
import {
  ADMIN,
  ADMIN_PASSWORD,
  createAdmin,
  expectAccessible,
  invite,
  resetLink,
  signIn,
  signOut,
  waitForHydration,
} from './support';

test('fresh install: the admin invites a member, who sets a password and sees the members page', async ({ page, javaScriptEnabled }, testInfo) => {
  // A long journey with an axe-core check on every page.
  test.setTimeout(120_000);
  createAdmin();
  const memberEmail = `mia-${testInfo.project.name}-${Date.now()}@kiel.de`;
  const memberPassword = 'Tulpen blühen am Kieler Hafen';

  await page.goto('/');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('link', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await expectAccessible(page);

  // A wrong password: one generic message, the address stays in the field.
  await signIn(page, ADMIN, 'nicht das passwort');
  await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort ist nicht richtig');
  await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(ADMIN);
  await expectAccessible(page);
  await page.getByLabel('Passwort', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Personen' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Person einladen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Person einladen' })).toBeVisible();
  await expectAccessible(page);

  // A mistake first: the input is kept and the field says what is wrong.
  await page.getByLabel('E-Mail-Adresse').fill('mia-at-kiel.de');
  await page.getByLabel('Name', { exact: true }).fill('Mia Mitglied');
  await page.getByRole('button', { name: 'Einladung erstellen' }).click();
  await expect(page.getByText('Bitte eine gültige E-Mail-Adresse eingeben')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Mia Mitglied');
  await expect(page.getByLabel('E-Mail-Adresse')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await page.getByLabel('E-Mail-Adresse').fill(memberEmail);
  await page.getByLabel('Vertritt die Organisation (optional)').fill('01002000');
  await page.getByRole('button', { name: 'Einladung erstellen' }).click();
  const link = page.getByRole('link', { name: /\/einladung\?t=/ });
  await expect(link).toBeVisible();
  const invitation = await link.getAttribute('href');
  expect(invitation).toBeTruthy();
  await expectAccessible(page);
  await signOut(page);

  // The invitee opens the link and chooses a password.
  await page.goto(invitation!);
  await expect(page.getByText('Willkommen, Mia Mitglied!')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('passwort1234');
  await page.getByLabel('Neues Passwort wiederholen').fill('passwort1234');
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page.getByText('Dieses Passwort ist zu verbreitet')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(memberPassword);
  await page.getByLabel('Neues Passwort wiederholen').fill(memberPassword);
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page).toHaveURL(/\/gremium$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Kommunalgremium des IT-Planungsrats' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /Landkreise/ })).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The back button does not bring the members page back: it is not cached.
  await page.goBack();
  await expect(page).toHaveURL(/\/gremium$/);
  await expect(page.getByText('Bitte melden Sie sich an')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /Landkreise/ })).toHaveCount(0);
  await page.getByRole('main').getByRole('link', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/anmelden\?next=%2Fgremium/);
  await waitForHydration(page, javaScriptEnabled);
  await signIn(page, memberEmail, memberPassword);
  await expect(page).toHaveURL(/\/gremium$/);
  await expect(page.getByRole('heading', { level: 2, name: /Städte/ })).toBeVisible();

  await page.getByRole('link', { name: 'Mein Konto' }).click();
  await expect(page.getByText('Kiel, Landeshauptstadt')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Angemeldete Geräte ansehen und abmelden' }).click();
  await expect(page.getByText('Dieses Gerät')).toBeVisible();
  await expectAccessible(page);
});

test('a form posted to a server function from another site is refused', async ({ page, baseURL }) => {
  const evil = http.createServer((_, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html lang="en"><head><title>Other site</title></head><body><main>
      <form method="post" action="${baseURL}/api/anmelden">
        <label>E-mail <input name="email" value="${ADMIN}"></label>
        <label>Password <input name="password" value="${ADMIN_PASSWORD}"></label>
        <button>Send</button>
      </form></main></body></html>`);
  });
  await new Promise<void>((resolve) => evil.listen(3999, '127.0.0.1', resolve));
  try {
    await page.goto('http://127.0.0.1:3999/');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/anmelden'));
    await page.getByRole('button', { name: 'Send' }).click();
    const response = await answer;
    expect(response.status()).toBe(403);
    expect(await response.headerValue('set-cookie')).toBeNull();
  } finally {
    evil.close();
  }
});

test('pages carry a Content-Security-Policy with a nonce and still hydrate', async ({ page, javaScriptEnabled }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  const response = await page.goto('/anmelden');
  const policy = response!.headers()['content-security-policy'];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'/);
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).toContain("frame-ancestors 'none'");
  await waitForHydration(page, javaScriptEnabled);
  expect(violations).toEqual([]);
});

test('an admin sets up the committee: a bench, seat counts, with errors at the field', async ({ page, javaScriptEnabled }, testInfo) => {
  test.setTimeout(90_000);
  createAdmin();
  await page.goto('/anmelden');
  await waitForHydration(page, javaScriptEnabled);
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto('/gremium');
  await expect(page.getByRole('heading', { level: 2, name: 'Gremium bearbeiten' })).toBeVisible();
  await expectAccessible(page);

  const seats = page.getByLabel('Sitze der Bank KGSt');
  await seats.fill('0');
  await page.getByRole('region', { name: /KGSt/ }).getByRole('button', { name: 'Sitzzahl ändern' }).click();
  await expect(page.getByText('Diesen Sitz gibt es auf der Bank nicht.')).toBeVisible();
  await expect(page.getByLabel('Sitze der Bank KGSt')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  const bench = `Länder ${testInfo.project.name}`;
  await page.getByLabel('Name der Bank').fill(bench);
  await page.getByLabel('Anzahl der Sitze').fill('2');
  await page.getByRole('button', { name: 'Bank hinzufügen' }).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(bench) })).toBeVisible();
  await expectAccessible(page);
});

test('forgotten password, an unknown reset link, the audit log and the e-mail page are accessible', async ({ page, javaScriptEnabled }) => {
  await page.goto('/anmelden');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Passwort vergessen' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('E-Mail-Adresse').fill('niemand@kiel.de');
  await page.getByRole('button', { name: 'Link anfordern' }).click();
  await expect(page.getByRole('status')).toContainText('Wenn es zu der Adresse ein Konto gibt');
  await expectAccessible(page);

  await page.goto('/passwort/neu?t=unbekannt');
  await expect(page.getByRole('heading', { level: 1, name: 'Neues Passwort festlegen' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Regen über der Förde');
  await page.getByLabel('Neues Passwort wiederholen').fill('Regen über der Förde');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByRole('alert')).toContainText('Dieser Link ist ungültig');

  createAdmin();
  await page.goto('/anmelden');
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto('/admin/protokoll?aktion=login.succeeded');
  await expect(page.getByRole('heading', { level: 1, name: 'Protokoll' })).toBeVisible();
  await expect(page.getByRole('cell', { name: ADMIN }).first()).toBeVisible();
  await expectAccessible(page);

  // Undelivered e-mail: this server has no SMTP, and says so.
  await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'E-Mail' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nicht zugestellte E-Mail' })).toBeVisible();
  await expect(page.getByText('Dieser Server versendet keine E-Mail')).toBeVisible();
  await expectAccessible(page);
});

test('without SMTP the operator makes a reset link, and it works once', async ({ page, javaScriptEnabled }, testInfo) => {
  createAdmin();
  await page.goto('/anmelden');
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  const email = `vergesslich-${testInfo.project.name}-${Date.now()}@kiel.de`;
  await invite(page, 'Vera Vergesslich', email, 'Erster Satz über die Förde');

  const printed = new URL(resetLink(email));
  expect(printed.pathname).toBe('/passwort/neu');
  const link = printed.pathname + printed.search;
  await page.goto(link);
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByRole('heading', { level: 1, name: 'Neues Passwort festlegen' })).toBeVisible();
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Zweiter Satz über die Förde');
  await page.getByLabel('Neues Passwort wiederholen').fill('Zweiter Satz über die Förde');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByText('Ihr neues Passwort ist gespeichert')).toBeVisible();
  await signIn(page, email, 'Zweiter Satz über die Förde');
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await signOut(page);

  await page.goto(link);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Dritter Satz über die Förde');
  await page.getByLabel('Neues Passwort wiederholen').fill('Dritter Satz über die Förde');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByRole('alert')).toContainText('Dieser Link ist ungültig');
});
