import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ADMIN,
  ADMIN_PASSWORD,
  createAdmin,
  expectAccessible,
  signIn,
  signOut,
  waitForHydration,
} from './support';

interface ParsedEvent {
  uid: string;
  summary: string;
  start_local: string;
  end_local: string;
  status: string;
  sequence: number;
  location: string;
  url: string;
  description: string;
}

/** Parses an .ics file with Python's `icalendar` package — a parser independent of the server. */
function parseIcs(file: string): { version: string; method: string; events: ParsedEvent[] } {
  const python = path.resolve(process.cwd(), '.venv/bin/python');
  const out = execFileSync(python, [path.resolve(process.cwd(), 'tools/ics_to_json.py'), file], {
    encoding: 'utf-8',
  });
  return JSON.parse(out);
}

/** `YYYY-MM-DD` of a date some days from today. */
function isoDay(daysAhead: number): string {
  const day = new Date(Date.now() + daysAhead * 86_400_000);
  return day.toISOString().slice(0, 10);
}

async function openSessions(page: Page, title: string) {
  await page.goto(`/sitzungen?q=${encodeURIComponent(title)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Anstehende Sitzungen' })).toBeVisible();
}

test('the chair plans a monthly series, moves one meeting and cancels another; a member downloads one', async ({ page, javaScriptEnabled }, testInfo) => {
  test.setTimeout(180_000);
  createAdmin();
  const project = testInfo.project.name;
  const title = `Videokonferenz ${project}`;
  const memberName = `Mia Sitzung ${project}`;
  const memberEmail = `mia-sitzung-${project}-${Date.now()}@kiel.de`;
  const memberPassword = 'Möwen kreisen über dem Rathaus';

  // The admin chairs: signing in lands on the upcoming meetings.
  await page.goto('/anmelden');
  await waitForHydration(page, javaScriptEnabled);
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/sitzungen$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Anstehende Sitzungen' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Sitzungsserien' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sitzungsserien' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '2. Mi. jedes Monats, außer Mai, November' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '2. Mi. alle 6 Monate' })).toBeVisible();
  await expectAccessible(page);

  // A mistake first: the end before the start. The message is at the field, the input stays.
  const form = page.getByRole('region', { name: 'Neue Sitzungsserie' });
  await form.getByLabel('Titel').fill(title);
  await form.getByLabel('Erster Tag').fill(isoDay(1));
  await form.getByLabel('Ende', { exact: true }).fill('09:00');
  await form.getByLabel('Videolink', { exact: true }).fill('https://video.example/kg');
  await form.getByRole('button', { name: 'Serie anlegen' }).click();
  await expect(page.getByText('Das Ende liegt vor dem Beginn.')).toBeVisible();
  await expect(page.getByLabel('Ende', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Titel')).toHaveValue(title);
  await expect(page.getByLabel('Videolink', { exact: true })).toHaveValue('https://video.example/kg');
  await expectAccessible(page);
  await page.getByLabel('Ende', { exact: true }).fill('12:00');
  await page.getByRole('button', { name: 'Serie anlegen' }).click();
  await expect(page.getByRole('rowheader', { name: title })).toBeVisible();

  // Move the first meeting of the series to the next day, 14:00–16:00.
  await openSessions(page, title);
  await expect(page.getByRole('status')).toContainText(/1[23] Sitzungen/);
  await page.locator('.meeting-list a').first().click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(title) })).toBeVisible();
  await expectAccessible(page);
  const movedUrl = page.url();
  const original = await page.getByLabel('Datum', { exact: true }).inputValue();
  const next = new Date(`${original}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const movedDay = next.toISOString().slice(0, 10);
  await page.getByLabel('Datum', { exact: true }).fill(movedDay);
  await page.getByLabel('Beginn', { exact: true }).fill('14:00');
  await page.getByLabel('Ende', { exact: true }).fill('16:00');
  await page.getByRole('button', { name: 'Sitzung verschieben' }).click();
  await expect(page.getByText('Ursprünglicher Termin')).toBeVisible();
  await expect(page.getByText(/14:00–16:00/).first()).toBeVisible();
  await expectAccessible(page);

  // Cancel the second one: the reason is required.
  await openSessions(page, title);
  await page.locator('.meeting-list a').nth(1).click();
  await page.getByRole('button', { name: 'Sitzung absagen' }).click();
  await expect(page.getByText('Bitte ausfüllen.')).toBeVisible();
  await page.getByLabel('Grund').fill('Ferienzeit');
  await page.getByRole('button', { name: 'Sitzung absagen' }).click();
  await expect(page.getByText('Diese Sitzung wurde abgesagt.')).toBeVisible();
  await expect(page.getByText('Ferienzeit')).toBeVisible();
  await expectAccessible(page);

  // The month of the moved meeting.
  await page.goto(`/sitzungen/monat?monat=${movedDay.slice(0, 7)}`);
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(`14:00 ${title}`) })).toBeVisible();
  await expectAccessible(page);

  // A new member: invited, sets a password, then the chair gives them a seat.
  await page.goto('/admin/einladen');
  await page.getByLabel('E-Mail-Adresse').fill(memberEmail);
  await page.getByLabel('Name', { exact: true }).fill(memberName);
  await page.getByRole('button', { name: 'Einladung erstellen' }).click();
  const invitation = await page.getByRole('link', { name: /\/einladung\?t=/ }).getAttribute('href');
  await signOut(page);
  await page.goto(invitation!);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(memberPassword);
  await page.getByLabel('Neues Passwort wiederholen').fill(memberPassword);
  await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await signOut(page);

  await page.goto('/anmelden');
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto('/gremium');
  const membership = page.getByRole('region', { name: 'Mitgliedschaft eintragen' });
  await membership.getByLabel('Person').selectOption({ label: memberName });
  await membership.getByLabel('Bank').selectOption({ label: 'Städte (3 Sitze)' });
  await membership.getByLabel('Sitz (Nummer)').fill(project === 'with-javascript' ? '1' : '2');
  await membership.getByRole('button', { name: 'Eintragen' }).click();
  await expect(page.getByRole('cell', { name: memberName })).toBeVisible();
  await signOut(page);

  await page.goto('/anmelden');
  await signIn(page, memberEmail, memberPassword);
  await expect(page).toHaveURL(/\/sitzungen$/);

  // The member finds the series in the list, opens the moved meeting and downloads it.
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Sitzungen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Anstehende Sitzungen' })).toBeVisible();
  await page.getByLabel('Sitzungen durchsuchen (Titel, Ort)').fill(title);
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page.getByText('Abgesagt', { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.goto(movedUrl);
  await expect(page.getByRole('link', { name: 'https://video.example/kg' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sitzung verschieben' })).toHaveCount(0);
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'In den Kalender übernehmen (.ics)' }).click();
  const file = await (await download).path();
  const single = parseIcs(file);
  expect(single.version).toBe('2.0');
  expect(single.events).toHaveLength(1);
  const event = single.events[0];
  expect(event.summary).toBe(title);
  expect(event.start_local).toBe(`${movedDay} 14:00`);
  expect(event.end_local).toBe(`${movedDay} 16:00`);
  expect(event.status).toBe('CONFIRMED');
  expect(event.sequence).toBe(1);
  expect(event.location).toContain('https://video.example/kg');
  expect(new URL(event.url).pathname).toBe(new URL(movedUrl).pathname);

  // The public feed, parsed the same way: the same UID, the cancelled one marked, no video link.
  const feed = await page.request.get('/kalender/oeffentlich.ics');
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gremium-ics-'));
  const feedFile = path.join(dir, 'feed.ics');
  writeFileSync(feedFile, await feed.body());
  const parsed = parseIcs(feedFile);
  expect(parsed.method).toBe('PUBLISH');
  const ours = parsed.events.filter((e) => e.summary.endsWith(title));
  expect(ours.length).toBeGreaterThanOrEqual(12);
  expect(ours.find((e) => e.uid === event.uid)?.start_local).toBe(`${movedDay} 14:00`);
  const cancelled = ours.filter((e) => e.status === 'CANCELLED');
  expect(cancelled).toHaveLength(1);
  expect(cancelled[0].summary).toBe(`Abgesagt: ${title}`);
  expect(cancelled[0].description).toContain('Ferienzeit');
  expect(parsed.events.some((e) => e.location.includes('video.example'))).toBe(false);
});

test('the personal calendar link is shown once and can be replaced', async ({ page, javaScriptEnabled }) => {
  createAdmin();
  await page.goto('/anmelden');
  await waitForHydration(page, javaScriptEnabled);
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.goto('/konto/kalender');
  await expect(page.getByRole('heading', { level: 1, name: 'Kalender abonnieren' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /Neuen Kalender-Link erzeugen/ }).click();
  const field = page.getByLabel('Persönlicher Kalender-Link');
  await expect(field).toBeVisible();
  const link = await field.inputValue();
  expect(link).toMatch(/\/kalender\/[A-Za-z0-9_-]{43}\.ics$/);
  await expectAccessible(page);
  const feed = await page.request.get(new URL(link).pathname);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');

  // Shown once: reloading the page does not show it again; a new link ends the old one.
  await page.goto('/konto/kalender');
  await expect(page.getByLabel('Persönlicher Kalender-Link')).toHaveCount(0);
  await page.getByRole('button', { name: /Neuen Kalender-Link erzeugen/ }).click();
  await expect(page.getByLabel('Persönlicher Kalender-Link')).toBeVisible();
  expect((await page.request.get(new URL(link).pathname)).status()).toBe(404);
});

test('the public sees public meetings without signing in', async ({ page, javaScriptEnabled }) => {
  await page.goto('/');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Sitzungen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Anstehende Sitzungen' })).toBeVisible();
  await expect(page.getByText(/Monatliche Videokonferenz/).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Vergangene Sitzungen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vergangene Sitzungen' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Monatsansicht' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await expectAccessible(page);
});
