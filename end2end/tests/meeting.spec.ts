import { expect, test } from '@playwright/test';
import {
  ADMIN,
  ADMIN_PASSWORD,
  createAdmin,
  expectAccessible,
  isoDay,
  newMember,
  pdfText,
  signIn,
  signOut,
  waitForHydration,
} from './support';

test('the chair records attendance, runs three items live with a decision and a task, and takes the minutes to approval', async ({ page, javaScriptEnabled }, testInfo) => {
  test.setTimeout(240_000);
  createAdmin();
  const project = testInfo.project.name;
  const memberName = `Lea Leitung ${project}`;
  const memberEmail = `lea-leitung-${project}-${Date.now()}@kiel.de`;
  const memberPassword = 'Sturmflut am Deich 2026';
  const title = `Arbeitssitzung ${project} ${Date.now()}`;
  const internalTitle = `Vertrauliche Personalfrage (${project})`;

  await page.goto('/anmelden');
  await waitForHydration(page, javaScriptEnabled);
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await newMember(page, memberName, memberEmail, memberPassword, 'Vitako (3 Sitze)', project === 'with-javascript' ? '1' : '2');

  // The member sends apologies in advance (a meeting of their committee, before it begins).
  await page.goto('/anmelden');
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto('/sitzungen/neu');
  await expectAccessible(page);
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Datum', { exact: true }).fill(isoDay(2));
  await page.getByLabel('Beginn').fill('10:00');
  await page.getByLabel('Ende').fill('12:00');
  await page.getByLabel('Frist für Themenvorschläge (Datum)').fill(isoDay(1));
  await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();
  const meetingUrl = new URL(page.url()).pathname;

  // The agenda: the standard items plus an internal one.
  await page.getByRole('link', { name: 'Tagesordnung', exact: true }).click();
  const add = page.getByRole('form', { name: 'Punkt hinzufügen' });
  await add.getByLabel('Tagesordnungspunkt', { exact: true }).fill(internalTitle);
  await add.getByLabel('Minuten', { exact: true }).fill('10');
  await add.getByLabel('Öffentlich').uncheck();
  await add.getByRole('button', { name: 'Punkt hinzufügen' }).click();
  await expect(page.locator('.agenda-row', { hasText: internalTitle })).toBeVisible();
  await signOut(page);

  await page.goto('/anmelden');
  await signIn(page, memberEmail, memberPassword);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto(meetingUrl);
  await page.getByLabel('Grund (optional)').fill('Dienstreise');
  await page.getByRole('button', { name: 'Für diese Sitzung entschuldigen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();
  await signOut(page);

  // The chair: the excuse is there; the member comes after all.
  await page.goto('/anmelden');
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto(meetingUrl);
  await page.getByRole('link', { name: 'Sitzung leiten' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Sitzung leiten: ${title}`) })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: memberName });
  await expect(row.getByRole('cell', { name: 'entschuldigt', exact: true })).toBeVisible();
  await expect(row.getByLabel(`Anwesenheit von ${memberName}`)).toHaveValue('excused');
  // Nobody unrecorded looks present: their field has nothing preselected.
  const unrecorded = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'nicht erfasst', exact: true }) });
  for (const other of await unrecorded.all()) {
    await expect(other.getByRole('combobox').first()).toHaveValue('');
  }
  await expectAccessible(page);
  await row.getByLabel(`Anwesenheit von ${memberName}`).selectOption({ label: 'anwesend' });
  await row.getByRole('button', { name: `Speichern: ${memberName}` }).click();
  await expect(page.getByRole('row').filter({ hasText: memberName }).getByRole('cell', { name: 'anwesend', exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Beschlussfähigkeit' })).toContainText(/[1-9]\d* von \d+ Sitzen/);

  // Live mode, by keyboard where JavaScript runs (the shortcut presses the button).
  await waitForHydration(page, javaScriptEnabled);
  if (javaScriptEnabled) {
    await page.keyboard.press('Alt+Shift+N');
  } else {
    await page.getByRole('button', { name: 'Sitzung beginnen' }).click();
  }
  await expect(page.locator('.live-current')).toContainText('Begrüßung');
  await expectAccessible(page);
  await waitForHydration(page, javaScriptEnabled);
  const notes = page.getByLabel(/^Notizen zu TOP 1/);
  await notes.fill('Die Vorsitzende begrüßt die Mitglieder.');
  if (javaScriptEnabled) {
    // The connection drops while saving: the notes stay and are sent again once it is back.
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Notizen speichern' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Keine Verbindung' })).toBeVisible();
    await expect(notes).toHaveValue('Die Vorsitzende begrüßt die Mitglieder.');
    await page.context().setOffline(false);
    await expect(page.getByRole('alert').filter({ hasText: 'Keine Verbindung' })).toHaveCount(0, { timeout: 20_000 });
  } else {
    await page.getByRole('button', { name: 'Notizen speichern' }).click();
  }
  await expect(notes).toHaveValue('Die Vorsitzende begrüßt die Mitglieder.');
  await page.reload();
  await expect(page.getByLabel(/^Notizen zu TOP 1/)).toHaveValue('Die Vorsitzende begrüßt die Mitglieder.');
  await waitForHydration(page, javaScriptEnabled);
  // Someone following the live view sees the next item without reloading (with JavaScript
  // the view fetches itself again every ten seconds; without, its link reloads it).
  const follower = javaScriptEnabled ? await page.context().newPage() : undefined;
  if (follower) {
    await follower.goto(`${meetingUrl}/live`);
    await waitForHydration(follower, javaScriptEnabled);
    await expect(follower.locator('.live-current')).toContainText('Begrüßung');
  }
  await page.getByRole('button', { name: 'Nächster Punkt' }).click();
  await expect(page.locator('.live-current')).toContainText('Genehmigung der Niederschrift');
  if (follower) {
    await expect(follower.locator('.live-current')).toContainText('Genehmigung der Niederschrift', { timeout: 15_000 });
    await follower.close();
  }

  // A decision with votes: too many first (refused at the field, the text stays), then right.
  const wording = 'Das Gremium beschließt, den Bedarf der Kommunen gemeinsam zu erheben.';
  await page.getByLabel('Wortlaut').fill(wording);
  await page.getByLabel('Ja', { exact: true }).fill('99');
  await page.getByRole('button', { name: 'Beschluss speichern' }).click();
  await expect(page.getByText('Mehr Stimmen als anwesende oder vertretene Sitze.')).toBeVisible();
  await expect(page.getByLabel('Wortlaut')).toHaveValue(wording);
  await page.getByLabel('Ja', { exact: true }).fill('1');
  await page.getByLabel('Nein', { exact: true }).fill('0');
  await page.getByLabel('Enthaltung', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Beschluss speichern' }).click();
  const decisionLink = page.getByRole('link', { name: /^Beschluss \d{4}-\d{2}\/\d+$/ });
  await expect(decisionLink).toBeVisible();
  const number = (await decisionLink.textContent())!.replace('Beschluss ', '');

  // A task from it for the member.
  await page.getByText(`Aufgabe zu ${number} anlegen`).click();
  await page.getByLabel('Aufgabe', { exact: true }).fill('Bedarfsabfrage versenden');
  await page.getByLabel('Zuständig').selectOption({ label: memberName });
  await page.getByLabel('Fällig am').fill(isoDay(14));
  await page.getByRole('button', { name: 'Aufgabe anlegen' }).click();
  await expect(page.getByText(/Bedarfsabfrage versenden — /)).toBeVisible();
  await expectAccessible(page);

  // The third item, then the end.
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: 'Nächster Punkt' }).click();
  await expect(page.locator('.live-current')).toContainText(internalTitle);
  // Ending cannot be undone: the button asks first, and cancelling changes nothing.
  await page.getByRole('link', { name: 'Sitzung beenden' }).click();
  const question = page.getByRole('dialog', { name: 'Sitzung jetzt beenden?' });
  await expect(question).toBeVisible();
  await expectAccessible(page);
  await question.getByRole('link', { name: 'Abbrechen' }).click();
  await expect(page.getByRole('dialog', { name: 'Sitzung jetzt beenden?' })).toHaveCount(0);
  await expect(page.locator('.live-current')).toContainText(internalTitle);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('link', { name: 'Sitzung beenden' }).click();
  await page.getByRole('button', { name: 'Ja, Sitzung beenden' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Punkte nacharbeiten' })).toBeVisible();
  await expect(page.locator('[aria-live="polite"]')).toHaveText('Sitzung beendet.');

  // The meeting's page shows its agenda, its decisions and where the minutes stand.
  await page.goto(meetingUrl);
  const agenda = page.getByRole('region', { name: 'Tagesordnung' });
  await expect(agenda.getByRole('listitem').filter({ hasText: 'Begrüßung' })).toContainText('TOP 1');
  await expect(agenda.getByRole('listitem').filter({ hasText: internalTitle })).toContainText('10 Min.');
  const outcome = page.getByRole('region', { name: 'Beschlüsse' });
  await expect(outcome.getByRole('link', { name: `Beschluss ${number}` })).toBeVisible();
  await expect(outcome).toContainText(wording);
  await expect(outcome).toContainText('Stand der Niederschrift: Entwurf');
  await expectAccessible(page);

  // The minutes: draft, final, exported.
  await page.getByRole('link', { name: 'Niederschrift', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Niederschrift: ${title}` })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Entwurf');
  await page.getByLabel('Einleitung').fill('Die Sitzung wird um 10:00 Uhr eröffnet.');
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  await expect(page.locator('.minutes-document')).toContainText('Die Sitzung wird um 10:00 Uhr eröffnet.');
  await expect(page.locator('.minutes-document')).toContainText(wording);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Niederschrift endgültig machen' }).click();
  // Final cannot be undone: the page asks first.
  const final = page.getByRole('dialog', { name: 'Niederschrift jetzt endgültig machen?' });
  await expect(final).toBeVisible();
  await expectAccessible(page);
  await waitForHydration(page, javaScriptEnabled);
  await final.getByRole('button', { name: 'Ja, endgültig machen' }).click();
  await expect(page.getByRole('status')).toContainText('endgültig');
  await expect(page.locator('[aria-live="polite"]')).toHaveText('Die Niederschrift ist jetzt endgültig.');
  await expect(page.getByRole('button', { name: 'Entwurf speichern' })).toHaveCount(0);
  await expectAccessible(page);

  const markdown = await page.request.get(`${meetingUrl}/niederschrift.md`);
  expect(markdown.status()).toBe(200);
  const md = await markdown.text();
  expect(md).toContain(`### Beschluss ${number}`);
  expect(md).toContain('Abstimmung: Ja 1 · Nein 0 · Enthaltung 0');
  expect(md).toContain(internalTitle);
  const publicPdf = await page.request.get(`${meetingUrl}/niederschrift.pdf?fassung=oeffentlich`);
  expect(publicPdf.status()).toBe(200);
  const text = pdfText(await publicPdf.body());
  expect(text).toContain('Niederschrift');
  expect(text).toContain('Bedarfsabfrage versenden');
  expect(text).not.toContain('Vertrauliche Personalfrage');
  const html = await page.request.get(`${meetingUrl}/niederschrift.html`);
  expect(await html.text()).toContain('Die Sitzung wird um 10:00 Uhr eröffnet.');

  // Approved at the next meeting.
  await page.getByRole('button', { name: 'Als genehmigt eintragen' }).click();
  await expect(page.getByRole('status')).toContainText('genehmigt');
  await expect(page.locator('.minutes-document')).toContainText('Genehmigt in der Sitzung');
  await expectAccessible(page);
  await signOut(page);

  // The member: the task in their list, the decision's stable page.
  await page.goto('/anmelden');
  await signIn(page, memberEmail, memberPassword);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Aufgaben' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aufgaben' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Bedarfsabfrage versenden' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Status von Bedarfsabfrage versenden').selectOption({ label: 'erledigt' });
  await page.getByRole('button', { name: 'Ändern: Bedarfsabfrage versenden' }).click();
  await expect(page.getByText(/erledigt von lea-leitung/)).toBeVisible();
  await page.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Beschluss ${number}` })).toBeVisible();
  await expect(page.getByText(wording)).toBeVisible();
  await expectAccessible(page);
  await page.goto(`${meetingUrl}/live`);
  await expect(page.getByText('Die Sitzung ist beendet.')).toBeVisible();
  await expectAccessible(page);
});
