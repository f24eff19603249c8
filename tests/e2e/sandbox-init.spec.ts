import { expect, test } from './fixtures';

test('He initializer: its leaky slope is a control, kept in the link and clamped visibly', async ({
  page,
}) => {
  await page.goto('/sandbox/');
  await page.waitForSelector('.sandbox[data-ready="true"]');
  const layer = page.locator('.sb-init').first();
  await layer.locator('xpath=ancestor::details[1]').locator('summary').first().click();
  await layer.getByLabel('Weights').selectOption('heUniform');
  const slope = layer.getByLabel('leaky slope a');
  await expect(slope).toHaveValue('0');
  await slope.fill('0.2');
  await slope.press('Enter');
  await expect(page).toHaveURL(/hu(:|%3A)0\.2/);
  await slope.fill('5');
  await slope.press('Enter');
  await expect(slope).toHaveValue('0.99');
  await expect(layer).toContainText('Kept within 0–0.99');
});
