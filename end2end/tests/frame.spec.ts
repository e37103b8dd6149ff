import { expect, test } from '@playwright/test';
import { expectAccessible, waitForHydration } from './support';

test('the skip link is the first stop and leads to the content', async ({ page, javaScriptEnabled }) => {
  await page.goto('/organisationen');
  await waitForHydration(page, javaScriptEnabled);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#inhalt$/);
});

test('switch to English and back keeps the page', async ({ page, javaScriptEnabled }) => {
  await page.goto('/organisationen?q=kiel');
  await waitForHydration(page, javaScriptEnabled);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/organisationen\?q=kiel$/);
  await expectAccessible(page);
  await waitForHydration(page, javaScriptEnabled);

  await page.getByRole('button', { name: 'Deutsch' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organisationen' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
});

test('an unknown page is a 404 with a way home', async ({ page }) => {
  const response = await page.goto('/gibt-es-nicht');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Zur Startseite' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('an unknown organization is a 404', async ({ page }) => {
  const response = await page.goto('/organisationen/99999999');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
  await expectAccessible(page);
});
