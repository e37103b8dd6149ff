import { expect, test, type Page } from '@playwright/test';
import {
  ADMIN,
  ADMIN_PASSWORD,
  createAdmin,
  expectAccessible,
  newMember,
  pdfText,
  signIn,
  signOut,
  waitForHydration,
} from './support';

/** The number ("3", "2.1") of the agenda row that holds `title`. */
async function topNumber(page: Page, title: string): Promise<number> {
  const text = await page.locator('.agenda-row', { hasText: title }).locator('.agenda-row__number').textContent();
  return Number(text!.replace('TOP ', ''));
}

test('a member submits a topic; the chair accepts, reorders by keyboard and publishes; the member reads the invitation', async ({ page, javaScriptEnabled }, testInfo) => {
  test.setTimeout(240_000);
  createAdmin();
  const project = testInfo.project.name;
  const memberName = `Tom Thema ${project}`;
  const memberEmail = `tom-thema-${project}-${Date.now()}@kiel.de`;
  const memberPassword = 'Leuchtfeuer an der Kieler Förde';
  const title = `Gemeinsame XÖV-Schnittstelle (${project})`;
  const report = `Bericht aus dem IT-Planungsrat (${project})`;

  await page.goto('/anmelden');
  await waitForHydration(page, javaScriptEnabled);
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await newMember(page, memberName, memberEmail, memberPassword, 'Gemeinden (3 Sitze)', project === 'with-javascript' ? '1' : '2');

  // The member submits: first without a title (the message is at the field, the text stays).
  await page.goto('/anmelden');
  await signIn(page, memberEmail, memberPassword);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Themen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Themen' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Thema einreichen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Thema einreichen' })).toBeVisible();
  await waitForHydration(page, javaScriptEnabled);
  const description = 'Wir brauchen **eine** Schnittstelle für alle Kommunen.\n\n<script>alert("x")</script>';
  await page.getByLabel('Beschreibung').fill(description);
  await page.getByLabel('Zeitbedarf (Minuten)').fill('20');
  await page.getByLabel('Vortragende Person').fill(memberName);
  await page.getByRole('button', { name: 'Thema einreichen' }).click();
  await expect(page.getByText('Bitte ausfüllen.')).toBeVisible();
  await expect(page.getByLabel('Titel')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Beschreibung')).toHaveValue(description);
  await expectAccessible(page);
  await page.getByLabel('Titel').fill(title);
  await page.getByRole('button', { name: 'Thema einreichen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.locator('.markdown strong')).toHaveText('eine');
  await expect(page.locator('.markdown')).toContainText('<script>alert("x")</script>');
  await expect(page.getByText('Eingereicht', { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  const topicUrl = page.url();

  // A second topic, submitted by mistake: withdrawing asks first and cannot be undone.
  const mistake = `Versehentlich doppelt (${project})`;
  await submitShortTopic(page, mistake, javaScriptEnabled);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: 'Thema zurückziehen' }).click();
  const question = page.getByRole('dialog', { name: 'Thema wirklich zurückziehen?' });
  await expect(question).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectAccessible(page);
  await waitForHydration(page, javaScriptEnabled);
  await question.getByRole('button', { name: 'Ja, Thema zurückziehen' }).click();
  await expect(page.getByText('Zurückgezogen', { exact: true }).first()).toBeVisible();
  await expect(page.locator('[aria-live="polite"]')).toHaveText('Thema zurückgezogen.');

  // A third one, which the chair will reject.
  const outOfScope = `Parkplätze am Rathaus (${project})`;
  await submitShortTopic(page, outOfScope, javaScriptEnabled);
  await expect(page.locator('[aria-live="polite"]')).toHaveText('Thema eingereicht.');
  const outOfScopeUrl = page.url();

  // And the same topic once more, which the chair will merge into the first.
  const duplicate = `Noch einmal: ${title}`;
  await submitShortTopic(page, duplicate, javaScriptEnabled);
  const duplicateUrl = page.url();
  await signOut(page);

  // The chair finds it on the triage board and accepts it.
  await page.goto('/anmelden');
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto('/themen');
  await expect(page.getByRole('heading', { level: 2, name: 'Themenübersicht des Vorsitzes' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: title }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Annehmen (auf die Tagesordnung)' }).click();
  await expect(page).toHaveURL(/\/themen$/);
  await expect(page.locator('[aria-live="polite"]')).toHaveText('Thema angenommen und auf die Tagesordnung gesetzt.');

  // Rejecting cannot be undone: the page asks first, cancelling leaves it open, and the
  // reason typed stays for the second step.
  await page.goto(outOfScopeUrl);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Grund der Ablehnung').fill('Keine kommunale IT-Frage.');
  await page.getByRole('button', { name: 'Ablehnen', exact: true }).click();
  const reject = page.getByRole('dialog', { name: 'Thema wirklich ablehnen?' });
  await expect(reject).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectAccessible(page);
  if (javaScriptEnabled) {
    // A modal dialog: focus on the safe choice, Escape cancels.
    await waitForHydration(page, javaScriptEnabled);
    await expect(reject.getByRole('link', { name: 'Abbrechen' })).toBeFocused();
    await page.keyboard.press('Escape');
  } else {
    await reject.getByRole('link', { name: 'Abbrechen' }).click();
  }
  await expect(page.getByRole('dialog', { name: 'Thema wirklich ablehnen?' })).toHaveCount(0);
  await expect(page.getByText('Dieses Thema wurde abgelehnt.')).toHaveCount(0);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Grund der Ablehnung').fill('Keine kommunale IT-Frage.');
  await page.getByRole('button', { name: 'Ablehnen', exact: true }).click();
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('dialog', { name: 'Thema wirklich ablehnen?' }).getByRole('button', { name: 'Ja, Thema ablehnen' }).click();
  await expect(page.locator('[aria-live="polite"]')).toHaveText('Thema abgelehnt.');
  await page.goto(outOfScopeUrl);
  await expect(page.getByText('Dieses Thema wurde abgelehnt.')).toBeVisible();
  await expect(page.getByText('Grund: Keine kommunale IT-Frage.')).toBeVisible();

  // Merging asks first too, and keeps the chosen topic for the second step.
  await page.goto(duplicateUrl);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Zusammenführen mit').selectOption({ label: title });
  await page.getByRole('button', { name: 'Zusammenführen', exact: true }).click();
  const merge = page.getByRole('dialog', { name: 'Thema wirklich zusammenführen?' });
  await expect(merge).toBeVisible();
  await expect(merge).toContainText('lässt sich danach nicht mehr getrennt behandeln');
  await expectAccessible(page);
  await waitForHydration(page, javaScriptEnabled);
  await merge.getByRole('button', { name: 'Ja, zusammenführen' }).click();
  await expect(page.locator('[aria-live="polite"]')).toHaveText('Thema zusammengeführt.');
  await page.goto(duplicateUrl);
  await expect(page.getByText('Dieses Thema wurde mit einem anderen zusammengeführt.')).toBeVisible();

  await page.goto(topicUrl);
  await expect(page.getByText('Angenommen', { exact: true }).first()).toBeVisible();
  const meetingLink = page.locator('.facts a').first();
  const meetingUrl = await meetingLink.getAttribute('href');
  const agendaUrl = `${meetingUrl}/tagesordnung`;

  // The agenda builder: standard items, the topic before "Verschiedenes"; up by keyboard.
  await page.goto(meetingUrl!);
  await page.getByRole('link', { name: 'Tagesordnung', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Tagesordnung bearbeiten' })).toBeVisible();
  await expect(page.locator('.agenda-row', { hasText: 'Begrüßung' })).toHaveCount(1);
  await expect(page.locator('.agenda-row').last()).toContainText('Verschiedenes');
  await expect(page.getByRole('status').filter({ hasText: /Geplant: \d+ von \d+ Minuten/ })).toBeVisible();
  await expectAccessible(page);
  const before = await topNumber(page, title);
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: `Nach oben: ${title}` }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => topNumber(page, title)).toBe(before - 1);
  await page.getByRole('button', { name: 'Veröffentlichen und einladen' }).or(page.getByRole('button', { name: 'Neue Version veröffentlichen' })).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Veröffentlichte Tagesordnung' })).toBeVisible();
  await expect(page.locator('[aria-live="polite"]')).toHaveText(/^Tagesordnung veröffentlicht \(Fassung \d+\)\.$/);
  await expect(page.getByRole('rowheader', { name: title })).toBeVisible();
  await expectAccessible(page);

  // A second version: one more item; the page names the change.
  const add = page.getByRole('form', { name: 'Punkt hinzufügen' });
  await add.getByLabel('Tagesordnungspunkt', { exact: true }).fill(report);
  await add.getByLabel('Minuten', { exact: true }).fill('15');
  await add.getByRole('button', { name: 'Punkt hinzufügen' }).click();
  await expect(page.locator('.agenda-row', { hasText: report })).toBeVisible();
  if (javaScriptEnabled) {
    // Drag and drop: the report goes before the first item and becomes TOP 1.
    await waitForHydration(page, javaScriptEnabled);
    await page.locator('.agenda-row', { hasText: report }).dragTo(page.locator('.agenda-row').first());
    await expect.poll(() => topNumber(page, report)).toBe(1);
    await expect(page.locator('.agenda-row').first()).toContainText(report);
  }
  await page.getByRole('button', { name: 'Neue Version veröffentlichen' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /Änderungen gegenüber Version \d+/ })).toBeVisible();
  await expect(page.locator('.changes')).toContainText(`Neu: TOP`);
  await expect(page.locator('.changes')).toContainText(report);
  await expectAccessible(page);
  await signOut(page);

  // The member: the invitation in the inbox, the published agenda with its changes.
  await page.goto('/anmelden');
  await signIn(page, memberEmail, memberPassword);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Eingang' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Eingang' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('2 ungelesen');
  const invitation = page.locator('.inbox__item').first();
  await expect(invitation).toContainText(title);
  await expect(invitation).toContainText(report);
  await expectAccessible(page);
  await invitation.getByRole('link', { name: /^Einladung:/ }).click();
  await expect(page).toHaveURL(new RegExp(`${agendaUrl}$`));
  await expect(page.getByRole('rowheader', { name: title })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: report })).toBeVisible();
  await expect(page.locator('.changes')).toContainText(report);
  await expect(page.getByRole('heading', { level: 2, name: 'Tagesordnung bearbeiten' })).toHaveCount(0);
  await expectAccessible(page);

  // The printable invitation and its PDF, read by an independent PDF reader.
  await page.getByRole('link', { name: 'Einladung ansehen und drucken' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Einladung: / })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: title })).toBeVisible();
  await expectAccessible(page);
  const pdfHref = await page.getByRole('link', { name: 'Als PDF herunterladen' }).getAttribute('href');
  const pdf = await page.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const text = pdfText(await pdf.body());
  expect(text).toContain('Tagesordnung');
  expect(text).toContain('Begrüßung');
  expect(text).toContain('XÖV-Schnittstelle');
  expect(text).toContain('Bericht aus dem IT-Planungsrat');
  const html = await page.request.get(pdfHref!.replace(/\.pdf$/, '.html'));
  expect(html.status()).toBe(200);
  expect(await html.text()).toContain(title.replace(/&/g, '&amp;'));
});

/** A member submits a five-minute topic by its title alone and lands on its page. */
async function submitShortTopic(page: Page, title: string, javaScriptEnabled: boolean) {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Themen' }).click();
  await page.getByRole('link', { name: 'Thema einreichen' }).click();
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Zeitbedarf (Minuten)').fill('5');
  await page.getByRole('button', { name: 'Thema einreichen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}
