import { expect, test, type Page } from '@playwright/test';
import {
  ADMIN,
  ADMIN_PASSWORD,
  createAdmin,
  expectAccessible,
  invite,
  signIn,
  signOut,
  waitForHydration,
} from './support';

async function signInAs(page: Page, email: string, password: string, javaScriptEnabled: boolean) {
  await page.goto('/anmelden');
  await waitForHydration(page, javaScriptEnabled);
  await signIn(page, email, password);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
}

test('a representative chooses the daily digest and publication, makes an API token, raises a demand through the REST API, revokes the token, and the demand appears in OParl and the feed', async ({ page, javaScriptEnabled }, testInfo) => {
  test.setTimeout(240_000);
  createAdmin();
  const project = testInfo.project.name;
  const stamp = Date.now();
  const password = 'Deichschafe grasen am Hang 2026';
  const rep = { name: `Rita Rest ${project}`, email: `rita-${project}-${stamp}@alt-duvenstedt.de` };
  const title = `Digitale Sperrmüllanmeldung ${project} ${stamp}`;

  await signInAs(page, ADMIN, ADMIN_PASSWORD, javaScriptEnabled);
  await invite(page, rep.name, rep.email, password, '01058003');
  await signInAs(page, rep.email, password, javaScriptEnabled);

  // Settings on the account page: the daily digest and consent to publication.
  await page.goto('/konto');
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByLabel('bei jeder Statusänderung und jedem Beschluss')).toBeChecked();
  await expect(page.getByLabel('Meinen Namen und meine Mitgliedschaften als offene Daten veröffentlichen')).not.toBeChecked();
  await page.getByLabel('einmal täglich gesammelt (ab 7 Uhr)').check();
  await page.getByLabel('Meinen Namen und meine Mitgliedschaften als offene Daten veröffentlichen').check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
  await expect(page.getByText('Ihre Einstellungen sind gespeichert.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('einmal täglich gesammelt (ab 7 Uhr)')).toBeChecked();
  await expect(page.getByLabel('Meinen Namen und meine Mitgliedschaften als offene Daten veröffentlichen')).toBeChecked();

  // An API token: refused without a name (the choice kept), then made and shown once.
  await page.getByRole('link', { name: 'API-Schlüssel für die REST-Schnittstelle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API-Schlüssel' })).toBeVisible();
  await waitForHydration(page, javaScriptEnabled);
  await expect(page.getByText('Sie haben noch keinen API-Schlüssel.')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Bedarfe einreichen und mitzeichnen').check();
  await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
  await expect(page.getByText('Bitte ausfüllen.')).toBeVisible();
  await expect(page.getByLabel('Bedarfe einreichen und mitzeichnen')).toBeChecked();
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Bezeichnung').fill('Fachverfahren Bürgeramt');
  await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
  const field = page.getByLabel('Neuer API-Schlüssel');
  await expect(field).toBeVisible();
  const token = await field.inputValue();
  expect(token).toMatch(/^grm_/);
  await expect(page.getByRole('rowheader', { name: 'Fachverfahren Bürgeramt' })).toBeVisible();
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByLabel('Neuer API-Schlüssel')).toHaveCount(0);

  // The token raises a public demand through the REST API.
  const auth = { Authorization: `Bearer ${token}` };
  const raised = await page.request.post('/api/v1/demands', {
    headers: auth,
    data: {
      title,
      problem: 'Sperrmüll lässt sich nur per Telefon anmelden.',
      outcome: 'Ein Online-Dienst, den alle Kommunen nutzen.',
      category: 1,
      tags: ['Abfall'],
      urgency: 'normal',
      links: [],
      public: true,
    },
  });
  expect(raised.status()).toBe(201);
  const demand = await raised.json();
  expect(demand.organization.name).toContain('Alt Duvenstedt');
  const read = await page.request.get(`/api/v1/demands/${demand.id}`);
  expect((await read.json()).demand.title).toBe(title);
  await page.goto(`/bedarfe/${demand.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // Revoked, the token stops at once.
  await page.goto('/konto/api-schluessel');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: 'Schlüssel „Fachverfahren Bürgeramt“ widerrufen' }).click();
  await expect(page.getByText('Sie haben noch keinen API-Schlüssel.')).toBeVisible();
  const refused = await page.request.put(`/api/v1/demands/${demand.id}/cosignature`, {
    headers: auth,
    data: { reason: 'x' },
  });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toBe('application/problem+json');
  await signOut(page);

  // The documentation page, the OParl interface and the feed, as the public sees them.
  await page.goto('/api/v1/docs');
  await expect(page.getByRole('heading', { level: 1, name: 'Gremium – REST-Schnittstelle für Bedarfe' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'POST /api/v1/demands' })).toBeVisible();
  await expectAccessible(page);
  const system = await (await page.request.get('/oparl/v1/system')).json();
  expect(system.oparlVersion).toBe('https://schema.oparl.org/1.1/');
  const bodies = await (await page.request.get(new URL(system.body).pathname)).json();
  const papersUrl = new URL(bodies.data[0].paper);
  const since = encodeURIComponent(new Date(stamp - 60_000).toISOString().replace(/\.\d+Z$/, '+00:00'));
  const papers = await (await page.request.get(`${papersUrl.pathname}?created_since=${since}`)).json();
  expect(papers.data.map((p: { name: string }) => p.name)).toContain(title);
  const feed = await page.request.get('/bedarfe.atom');
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
});
