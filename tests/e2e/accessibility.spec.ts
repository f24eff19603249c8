import {
  expect,
  openSandbox,
  seriousViolations,
  test,
  TEXT_SPACING,
  trainSandbox,
} from './fixtures';

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
  // The button kept the focus through the run (a disabled one dropped it to the page), so a
  // second Enter trains again.
  await expect(train).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(figure.getByTestId('examples')).toHaveText('4,000', { timeout: 60_000 });
  await expect(train).toBeFocused();
});

test('the skip link puts focus on the main content and leaves the address alone, in a lesson and in the sandbox', async ({
  page,
}) => {
  // Followed as a plain link, "#main" became the address's hash: focus stayed on the page's
  // body, and the sandbox read the hash as a settings link (a notice about an unknown setting
  // 'main', its settings back to the defaults, or a "Replace…?" question over a trained network).
  const skip = page.getByRole('link', { name: 'Skip to content' });
  const main = page.locator('main');
  await page.goto('/lessons/reading-the-plots/');
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(main).toBeFocused();
  expect(new URL(page.url()).hash).toBe('');
  // Tab goes on from the main content, not from the top of the page.
  await page.keyboard.press('Tab');
  expect(await main.evaluate((m) => m.contains(document.activeElement))).toBe(true);

  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await expect(page).toHaveURL(/seed=1&/);
  const settings = page.url();
  await skip.focus();
  await page.keyboard.press('Enter');
  await expect(main).toBeFocused();
  expect(page.url()).toBe(settings);
  await expect(page.getByTestId('confirm-replace')).toHaveCount(0);
  await expect(page.getByTestId('url-notices')).toHaveCount(0);
  await expect(page.getByTestId('examples')).toHaveText('1,000');
});

test('every page’s headings go down one level at a time (no h1 → h3 jump)', async ({ page }) => {
  // axe's heading-order rule is only a "moderate" finding, which the checks above let pass.
  const pages = ['/', '/lessons/', '/sandbox/', '/404.html'].concat(
    [
      'reading-the-plots',
      'feature-generation',
      'dying-relu',
      'growing-cosine-unit',
      'learning-rate-decay',
    ].map((slug) => `/lessons/${slug}/`),
  );
  for (const path of pages) {
    await page.goto(path);
    const levels = await page
      .locator('h1, h2, h3, h4, h5, h6')
      .evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    expect(levels[0], path).toBe(1);
    const jumps = levels.flatMap((l, i) =>
      i > 0 && l > levels[i - 1] + 1 ? [`h${levels[i - 1]} → h${l}`] : [],
    );
    expect(jumps, path).toEqual([]);
  }
});

test('text spacing at 320 px (WCAG 1.4.12 and 1.4.10): the site bar keeps every control on screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/', '/lessons/dying-relu/', '/sandbox/']) {
    await page.goto(path);
    await page.addStyleTag({ content: TEXT_SPACING });
    const header = page.locator('header.site-header');
    const outside = await header.locator('a, button').evaluateAll((els) =>
      els
        .map((el) => ({
          name: el.textContent?.trim() || el.getAttribute('aria-label'),
          box: el.getBoundingClientRect(),
        }))
        .filter(({ box }) => box.left < 0 || box.right > 320)
        .map(({ name, box }) => `${name}: ${Math.round(box.left)}–${Math.round(box.right)}`),
    );
    expect(outside, path).toEqual([]);
  }
});
