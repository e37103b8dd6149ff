import { expect, test } from '@playwright/test';
import { expectAccessible, waitForHydration } from './support';

// Runs against the full Destatis register (scripts/test imports it before the server starts).

test('search for Kiel, open it and see its Land', async ({ page, javaScriptEnabled }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expectAccessible(page);
  await waitForHydration(page, javaScriptEnabled);

  await page.getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Organisationen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organisationen' })).toBeVisible();
  // The unfiltered list.
  await expect(page.getByRole('status')).toHaveText(/^Treffer 1–25 von /);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectAccessible(page);
  await waitForHydration(page, javaScriptEnabled);

  const search = page.getByLabel('Name oder Gemeindeschlüssel');
  if (javaScriptEnabled) {
    // With JavaScript the list follows the field as you type, without submitting.
    await search.pressSequentially('kiel', { delay: 50 });
  } else {
    await search.fill('kiel');
    await page.getByRole('button', { name: 'Suchen' }).click();
  }
  await expect(page).toHaveURL(/[?&]q=kiel/);
  // Kiel is listed twice, as kreisfreie Stadt (Kreis) and as Gemeinde: open the Gemeinde.
  const kiel = page.getByRole('row', { name: /01002000/ })
    .getByRole('link', { name: 'Kiel, Landeshauptstadt' });
  await expect(kiel).toBeVisible();
  await expectAccessible(page);

  if (javaScriptEnabled) {
    // Clearing the field brings the whole list back.
    await search.fill('');
    await expect(page).toHaveURL(/\/organisationen$/);
    await expect(page.getByRole('status')).toHaveText(/^Treffer 1–25 von /);
    await search.fill('kiel');
    await expect(kiel).toBeVisible();
  }

  await kiel.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kiel, Landeshauptstadt' })).toBeVisible();
  const parents = page.getByRole('region', { name: 'Übergeordnete Einheiten' });
  await expect(parents.getByRole('link', { name: 'Schleswig-Holstein' })).toBeVisible();
  await expect(page.getByText('01002000', { exact: true })).toBeVisible();
  await expect(page.getByText('246.794', { exact: true })).toBeVisible();
  await expectAccessible(page);
});

test('search by AGS finds exactly one municipality', async ({ page }) => {
  await page.goto('/organisationen?q=09162000');
  await expect(page.getByRole('status')).toHaveText('Treffer 1–1 von 1');
  await expect(page.getByRole('link', { name: 'München, Landeshauptstadt' })).toBeVisible();
});

test('filters by Land and kind live in the URL and survive paging', async ({ page, javaScriptEnabled }) => {
  await page.goto('/organisationen');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByLabel('Land', { exact: true }).selectOption({ label: 'Schleswig-Holstein' });
  await page.getByLabel('Art', { exact: true }).selectOption({ label: 'Gemeinde' });
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page).toHaveURL(/art=gemeinde/);
  await expect(page.getByRole('status')).toHaveText('Treffer 1–25 von 1.108');

  await page.getByRole('link', { name: 'Nächste Seite' }).click();
  await expect(page).toHaveURL(/seite=2/);
  await expect(page).toHaveURL(/art=gemeinde/);
  await expect(page.getByRole('status')).toHaveText('Treffer 26–50 von 1.108');
  await expect(page.getByText('Seite 2 von 45')).toBeVisible();
  // The filters show what the list is filtered by.
  await expect(page.getByLabel('Art', { exact: true })).toHaveValue('gemeinde');
  await expectAccessible(page);
});

test('umlauts and case do not matter', async ({ page }) => {
  await page.goto('/organisationen?q=MUENCHEN&art=gemeinde');
  await expect(page.getByRole('link', { name: 'München, Landeshauptstadt' })).toBeVisible();
  await page.goto('/organisationen?q=gie%C3%9Fen&art=kreis');
  await expect(page.getByRole('link', { name: 'Gießen' })).toBeVisible();
});

test('a search without matches says so', async ({ page }) => {
  await page.goto('/organisationen?q=xyzzy-gibt-es-nicht');
  await expect(page.getByText('Keine Organisation gefunden')).toBeVisible();
  await expectAccessible(page);
});

test('the committee bodies are seeded', async ({ page }) => {
  await page.goto('/organisationen?q=fitko');
  await expect(page.getByRole('row', { name: /Föderale IT-Kooperation \(FITKO\)/ })).toBeVisible();
  await page.goto('/organisationen?q=Deutscher%20Landkreistag');
  await expect(page.getByRole('link', { name: /Deutscher Landkreistag/ })).toBeVisible();
});
