import { expect, seriousViolations, test } from './fixtures';

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('home and the 404 page', async ({ page }) => {
      await page.goto('/');
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('/404.html');
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('the first lesson, before and after training', async ({ page }) => {
      await page.goto('/lessons/reading-the-plots/');
      const figure = page.locator('figure.live-trainer');
      await figure.scrollIntoViewIfNeeded();
      const train = figure.getByRole('button', { name: /^Train/ });
      await expect(train).toBeEnabled();
      expect(await seriousViolations(page)).toEqual([]);
      await train.click();
      await expect(figure.getByTestId('examples')).toHaveText('2,000', { timeout: 60_000 });
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test('keyboard: the skip link and the live trainer work without a mouse, with visible focus', async ({
  page,
}) => {
  await page.goto('/lessons/reading-the-plots/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: /skip/i });
  await expect(skip).toBeFocused();
  const figure = page.locator('figure.live-trainer');
  const train = figure.getByRole('button', { name: /^Train/ });
  await figure.scrollIntoViewIfNeeded();
  await expect(train).toBeEnabled();
  // Tab until the train button has focus (header, prose links, then the figure).
  for (let i = 0; i < 40; i++) {
    if (await train.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(train).toBeFocused();
  const outline = await train.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(figure.getByTestId('examples')).toHaveText('2,000', { timeout: 60_000 });
});
