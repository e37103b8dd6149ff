import { expect, test, type Page } from '@playwright/test';
import {
  ADMIN,
  ADMIN_PASSWORD,
  createAdmin,
  expectAccessible,
  invite,
  isoDay,
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

test('a demand is raised, found while typing a similar one, co-signed, decided "forwarded" in a meeting, and every dashboard shows it', async ({ page, javaScriptEnabled }, testInfo) => {
  test.setTimeout(300_000);
  createAdmin();
  const project = testInfo.project.name;
  const stamp = Date.now();
  const password = 'Deichschafe grasen am Hang 2026';
  const a = { name: `Anna Amt ${project}`, email: `anna-${project}-${stamp}@alt-duvenstedt.de` };
  const b = { name: `Bernd Bedarf ${project}`, email: `bernd-${project}-${stamp}@fockbek.de` };
  const title = `Schnittstelle Wohngeld ${project} ${stamp}`;
  const reference = `ITPLR-${stamp}`;

  // Representatives of two Gemeinden in Rendsburg-Eckernförde.
  await signInAs(page, ADMIN, ADMIN_PASSWORD, javaScriptEnabled);
  await invite(page, a.name, a.email, password, '01058003');
  await signInAs(page, ADMIN, ADMIN_PASSWORD, javaScriptEnabled);
  await invite(page, b.name, b.email, password, '01058054');

  // A raises the demand; refused input stays in the form.
  await signInAs(page, a.email, password, javaScriptEnabled);
  await page.getByRole('link', { name: 'Bedarfe', exact: true }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Bedarf melden' }).click();
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Problem').fill('Das Fachverfahren hat keine Schnittstelle zum Antragsportal.');
  await page.getByRole('button', { name: 'Bedarf einreichen' }).click();
  await expect(page.getByText('Bitte ausfüllen.').first()).toBeVisible();
  await expect(page.getByLabel('Problem')).toHaveValue('Das Fachverfahren hat keine Schnittstelle zum Antragsportal.');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Gewünschtes Ergebnis').fill('Ein XÖV-Standard, den alle Fachverfahren sprechen.');
  await page.getByLabel('Themenfeld').selectOption({ label: 'Bauen & Wohnen' });
  await page.getByLabel('Betroffene Leistungen oder Systeme').fill('Wohngeld, Antragsportal');
  // Urgency is a group named by its legend, each radio labelled beside it.
  const urgency = page.getByRole('group', { name: 'Dringlichkeit' });
  await expect(urgency.getByRole('radio')).toHaveCount(3);
  await urgency.getByRole('radio', { name: 'hoch' }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Bedarf einreichen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('eingereicht').first()).toBeVisible();
  const demandUrl = new URL(page.url()).pathname;
  const demandId = demandUrl.split('/').pop()!;
  // The action says what it did, in a live region, and only once.
  const notice = page.locator('[aria-live="polite"]').filter({ hasText: `Bedarf #${demandId} eingereicht.` });
  await expect(notice).toBeVisible();
  await page.reload();
  await expect(page.getByText(`Bedarf #${demandId} eingereicht.`)).toHaveCount(0);
  await expectAccessible(page);
  await signOut(page);

  // B starts a similar demand and is pointed to A's instead (by the list's search without
  // JavaScript), then co-signs for their own Gemeinde.
  await signInAs(page, b.email, password, javaScriptEnabled);
  // The list's search finds it; the URL carries the filters and nothing else (Leptos's form
  // once added the nameless button as a stray "&=").
  await page.goto('/bedarfe');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Suche').fill(`Schnittstellen ${stamp}`);
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page).toHaveURL(/[?&]q=Schnittstellen/);
  expect(page.url()).not.toContain('&=');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  if (javaScriptEnabled) {
    await page.goto('/bedarfe/neu');
    await waitForHydration(page, javaScriptEnabled);
    await page.getByLabel('Titel').pressSequentially('Fehlende Schnittstellen beim Wohngeld', { delay: 20 });
    const suggestions = page.getByRole('region', { name: 'Ähnliche Bedarfe' });
    await expect(suggestions.getByRole('link', { name: title })).toBeVisible();
    await suggestions.getByRole('link', { name: title }).click();
  } else {
    // Without JavaScript "Ähnliche suchen" lists them, keeping what was typed.
    await page.goto('/bedarfe/neu');
    const suggestions = page.getByRole('region', { name: 'Ähnliche Bedarfe' });
    await expect(suggestions).toContainText('Ähnliche suchen');
    await expect(suggestions).not.toContainText('Noch keine ähnlichen Bedarfe gefunden.');
    await page.getByLabel('Titel').fill('Fehlende Schnittstellen beim Wohngeld');
    await page.getByRole('button', { name: 'Ähnliche suchen' }).click();
    await expect(page.getByLabel('Titel')).toHaveValue('Fehlende Schnittstellen beim Wohngeld');
    await expect(suggestions.getByRole('link', { name: title })).toBeVisible();
    await expectAccessible(page);
    await suggestions.getByRole('link', { name: title }).click();
  }
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Warum wir das auch brauchen').fill('Wir tippen jeden Antrag ab.');
  await page.getByRole('button', { name: /^Für .* mitzeichnen$/ }).click();
  await expect(page.getByText('Ihre Organisation hat mitgezeichnet.')).toBeVisible();
  await expect(page.locator('[aria-live="polite"]')).toHaveText(/^Für .+ mitgezeichnet\.$/);
  await expect(page.getByRole('heading', { name: 'Mitzeichnungen (1)' })).toBeVisible();
  await expect(page.getByText('Nach Art: Gemeinde 1')).toBeVisible();
  // Counts follow the plural rules: one co-signature is "1 Mitzeichnung".
  await page.goto('/bedarfe/neu');
  await waitForHydration(page, javaScriptEnabled);
  const similar = page.getByRole('region', { name: 'Ähnliche Bedarfe' });
  if (javaScriptEnabled) {
    await page.getByLabel('Titel').pressSequentially('Fehlende Schnittstellen beim Wohngeld', { delay: 20 });
  } else {
    await page.getByLabel('Titel').fill('Fehlende Schnittstellen beim Wohngeld');
    await page.getByRole('button', { name: 'Ähnliche suchen' }).click();
  }
  const hit = similar.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
  await expect(hit).toContainText('1 Mitzeichnung');
  await expect(hit).not.toContainText('1 Mitzeichnungen');
  await signOut(page);

  // The chair plans a meeting, raises the demand as a topic for it and accepts the topic.
  await signInAs(page, ADMIN, ADMIN_PASSWORD, javaScriptEnabled);
  await page.goto('/sitzungen/neu');
  await waitForHydration(page, javaScriptEnabled);
  const meeting = `Bedarfssitzung ${project} ${stamp}`;
  await page.getByLabel('Titel').fill(meeting);
  await page.getByLabel('Datum', { exact: true }).fill(isoDay(3));
  await page.getByLabel('Beginn').fill('10:00');
  await page.getByLabel('Ende').fill('12:00');
  await page.getByLabel('Frist für Themenvorschläge (Datum)').fill(isoDay(2));
  await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(meeting) })).toBeVisible();
  const meetingUrl = new URL(page.url()).pathname;
  const meetingId = meetingUrl.split('/').pop()!;
  await page.goto(demandUrl);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Sitzung', { exact: true }).selectOption(meetingId);
  await page.getByRole('button', { name: 'Thema anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  // The topic links to its demand on this site; its history names people, not addresses, and
  // a moment as one time.
  await expect(page.getByRole('link', { name: title }).first()).toHaveAttribute('href', demandUrl);
  await expect(page.getByLabel('Vortragende Person')).toHaveValue('Erika Admin');
  const history = page.locator('main');
  await expect(history).toContainText('Erika Admin');
  await expect(history).not.toContainText(ADMIN);
  expect(await history.innerText()).not.toMatch(/(\d\d:\d\d)–\1/);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: 'Annehmen (auf die Tagesordnung)' }).click();
  await expect(page).toHaveURL(/\/themen$/);

  // The meeting decides: forwarded to the IT-Planungsrat with its reference.
  await page.goto(`${meetingUrl}/leitung`);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: new RegExp(`^Aufrufen: TOP \\d+ ${title}`) }).click();
  await expect(page.locator('.live-current')).toContainText(title);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Wortlaut').fill('Der Bedarf wird an den IT-Planungsrat weitergeleitet.');
  // The demand the item came from is preselected, and the form says so.
  await expect(page.getByLabel('Bedarf', { exact: true })).toHaveValue(demandId);
  await expect(page.getByText('Vorausgewählt ist der Bedarf, aus dem dieser Punkt stammt.')).toBeVisible();
  await page.getByLabel('Neuer Status').selectOption('forwarded');
  await page.getByLabel('Weitergeleitet an').fill('IT-Planungsrat');
  await page.getByLabel('Aktenzeichen').fill(reference);
  await page.getByLabel('Nachfassen am').fill(isoDay(60));
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Beschluss speichern' }).click();
  const decisionLink = page.getByRole('link', { name: /^Beschluss \d{4}-\d{2}\/\d+$/ });
  await expect(decisionLink).toBeVisible();
  const number = (await decisionLink.textContent())!.replace('Beschluss ', '');
  // The chair is told what the decision did to the demand.
  await expect(page.locator('[aria-live="polite"]'))
    .toHaveText(`Beschluss ${number} erfasst – Bedarf #${demandId} ist jetzt „weitergeleitet“.`);

  // The decision's page, the meeting's page and the minutes state the move, from what to what.
  await decisionLink.click();
  await expect(page.getByRole('heading', { level: 1, name: `Beschluss ${number}` })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Bewegte Bedarfe' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: `#${demandId} „${title}“` })).toContainText(/: .+ → weitergeleitet/);
  await expectAccessible(page);
  await page.goto(meetingUrl);
  const agenda = page.getByRole('region', { name: 'Tagesordnung' });
  const item = agenda.getByRole('listitem').filter({ hasText: title }).first();
  await expect(item).toContainText(/TOP \d+/);
  await expect(item).toContainText('Erika Admin');
  await expect(item).toContainText('15 Min.');
  await expect(item.getByRole('link', { name: `Bedarf #${demandId} „${title}“` })).toHaveAttribute('href', demandUrl);
  await expect(item.getByRole('link', { name: `Beschluss ${number}` })).toBeVisible();
  await expectAccessible(page);
  const minutes = await page.request.get(`${meetingUrl}/niederschrift.md`);
  expect(minutes.status()).toBe(200);
  expect(await minutes.text()).toMatch(new RegExp(`- Bedarf #${demandId} „[^“]+“: .+ → weitergeleitet`));

  // The demand's page and timeline show the decision, the meeting and the reference.
  await page.goto(demandUrl);
  await expect(page.getByText('weitergeleitet').first()).toBeVisible();
  await expect(page.getByText(reference, { exact: true })).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Verlauf' });
  await expect(timeline.getByRole('link', { name: `Beschluss ${number}` })).toBeVisible();
  // The meeting twice: the topic raised for it and the decision taken in it.
  await expect(timeline.getByRole('link', { name: meeting })).toHaveCount(2);
  await expect(timeline).toContainText('als Thema eingebracht');
  await expect(timeline).toContainText('mitgezeichnet');
  await signOut(page);

  // A's and B's dashboards show the change and the demand with its new status.
  for (const person of [a, b]) {
    await signInAs(page, person.email, password, javaScriptEnabled);
    await page.goto('/unsere-bedarfe');
    await expect(page.getByRole('heading', { level: 1, name: 'Unsere Bedarfe' })).toBeVisible();
    const changes = page.getByRole('region', { name: 'Änderungen seit Ihrem letzten Besuch' });
    await expect(changes.getByRole('link', { name: `Beschluss ${number}` })).toBeVisible();
    const table = page.getByRole('region', { name: person === a ? 'Von uns gemeldet' : 'Von uns mitgezeichnet' });
    const row = table.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('weitergeleitet');
    await expectAccessible(page);
    await signOut(page);
  }
});
