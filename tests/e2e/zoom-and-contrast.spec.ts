/**
 * Zoom, text spacing and forced colours (WCAG 1.4.10, 1.4.12, 2.4.11, 1.4.11): at 400% zoom
 * (320 × 256 CSS px) the lessons' dock stays in the page instead of covering it, and on a small
 * phone it covers at most about a third of the screen; a control focused
 * from the keyboard never ends up under it; its step title is never cut; with text set wider
 * every sandbox control stays on a 320 px screen and inside its box; with forced colours the
 * checked tabs and target and the current step are still marked; and the sandbox's decorative
 * glyphs are not read out. Geometry, computed colours and the browser's accessibility tree are
 * asserted.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, openExperiment, openSandbox, showMe, test, TEXT_SPACING } from './fixtures';

/**
 * How many px of the screen the dock lays over the experiment's steps, with the steps list's
 * top at the top of the screen (as a reader working through them has it). A dock that stays in
 * its place at the end of the experiment lays over nothing.
 */
async function dockOverSteps(figure: Locator): Promise<number> {
  return figure.evaluate((fig) => {
    const steps = fig.querySelector('.guided__steps');
    const dock = fig.querySelector('.guided-dock');
    if (!steps || !dock) throw new Error('no steps or no dock');
    steps.scrollIntoView({ block: 'start', behavior: 'instant' });
    const s = steps.getBoundingClientRect();
    const d = dock.getBoundingClientRect();
    const top = Math.max(s.top, d.top, 0);
    const bottom = Math.min(s.bottom, d.bottom, window.innerHeight);
    return Math.max(0, Math.round(bottom - top));
  });
}

/**
 * Tab from `before` to `control` with `control` placed at many heights near the bottom of the
 * screen (its bottom from the screen's edge up to 300 px above it); returns the placements where
 * the focused control ended up even partly under the dock, as "bottom N px above the edge: M px
 * under".
 */
async function focusedUnderDock(
  page: Page,
  dock: Locator,
  before: Locator,
  control: Locator,
): Promise<string[]> {
  const hidden: string[] = [];
  for (let above = 0; above <= 300; above += 4) {
    await control.evaluate((el, above) => {
      const box = el.getBoundingClientRect();
      window.scrollBy({ top: box.bottom - (window.innerHeight - above), behavior: 'instant' });
    }, above);
    await before.evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }));
    await page.keyboard.press('Tab');
    await expect(control).toBeFocused();
    const c = await control.evaluate((el) => el.getBoundingClientRect().toJSON());
    const d = await dock.evaluate((el) => el.getBoundingClientRect().toJSON());
    const under = Math.min(c.bottom, d.bottom) - Math.max(c.top, d.top);
    const sideBySide = c.right <= d.left || c.left >= d.right;
    if (under > 0.5 && !sideBySide)
      hidden.push(`bottom ${above} px above the edge: ${Math.round(under)} px under`);
  }
  return hidden;
}

/** Whether the dock's step title shows its whole text: no part of it cut or scrolled away. */
async function titleCut(dock: Locator): Promise<string | null> {
  return dock.locator('.guided-dock__title').evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const cut =
      el.scrollWidth > el.clientWidth + 0.5 ||
      el.scrollHeight > el.clientHeight + 0.5 ||
      text.right > box.right + 0.5;
    return cut ? `“${el.textContent}” cut: text to ${text.right}, box to ${box.right}` : null;
  });
}

test.describe('400% zoom: 320 × 256 CSS px', () => {
  test.use({
    viewport: { width: 320, height: 256 },
    deviceScaleFactor: 4,
    reducedMotion: 'reduce',
  });

  test('the lesson dock stays in the page, over none of the steps, however much it holds', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const figure = await openExperiment(page, 'learning-rate-decay');
    const dock = figure.getByTestId('guided-dock');
    // Stuck to the bottom it lay over 91 px of the 256 before any step, 140 after a checkpoint
    // and 169 while the reader lowers the rate by hand in step 5. On a screen this short it is
    // not stuck at all (the cap on its height is for taller screens: the 320 × 568 tests).
    await expect(dock).toHaveCSS('position', 'static');
    expect(await dockOverSteps(figure), 'before any step').toBe(0);
    await showMe(figure, 0);
    await expect(dock.getByTestId('dock-met')).toContainText('Checkpoint 1 met.');
    expect(await dockOverSteps(figure), 'after a checkpoint').toBe(0);
    for (let i = 1; i < 4; i++) await showMe(figure, i);
    await dock.getByRole('button', { name: 'Run this step' }).click();
    await expect(dock.getByRole('button', { name: 'Halve it' })).toBeVisible({ timeout: 60_000 });
    expect(await dockOverSteps(figure), 'lowering the rate').toBe(0);
    // The dock is still there, with the step's controls, where the experiment ends.
    await dock.scrollIntoViewIfNeeded();
    await expect(dock).toBeInViewport();
    await expect(dock).toContainText('5/6');
  });

  test('a control focused from the keyboard is never under the dock', async ({ page }) => {
    test.setTimeout(120_000);
    const figure = await openExperiment(page, 'learning-rate-decay');
    const step = await showMe(figure, 0);
    const again = step.getByRole('button', { name: 'Run this step again' });
    const back = step.getByRole('button', { name: 'Back to this checkpoint' });
    const dock = figure.getByTestId('guided-dock');
    expect(await focusedUnderDock(page, dock, again, back)).toEqual([]);
  });

  test('the sandbox’s "Apply and reset" bar does not lie over the settings it waits on', async ({
    page,
  }) => {
    await openSandbox(page);
    const circle = page.getByRole('radio', { name: /circle/ });
    await circle.check();
    const bar = page.getByTestId('apply-settings');
    await expect(bar).toBeAttached();
    // Stuck to the bottom it took 105 px of the 256 (41%), over whatever setting was there.
    const spiral = page.getByRole('radio', { name: /spiral/ });
    await spiral.focus();
    await spiral.scrollIntoViewIfNeeded();
    const over = await bar.evaluate(
      (el, target) => {
        const b = el.getBoundingClientRect();
        const t = target!.getBoundingClientRect();
        const shown = Math.max(0, Math.min(b.bottom, innerHeight) - Math.max(b.top, 0));
        const covers = b.top < t.bottom && t.top < b.bottom && b.left < t.right && t.left < b.right;
        return { shown, covers };
      },
      await spiral.elementHandle(),
    );
    expect(over.covers).toBe(false);
    // Where it does show, it is in the page: scrolling moves it with the settings.
    await bar.scrollIntoViewIfNeeded();
    const before = (await bar.boundingBox())!.y;
    await page.mouse.wheel(0, 60);
    await expect.poll(async () => (await bar.boundingBox())!.y).toBeLessThan(before - 30);
  });
});

test.describe('a small phone, 320 × 568', () => {
  test.use({ viewport: { width: 320, height: 568 }, reducedMotion: 'reduce' });

  test('the dock stays at the bottom of the screen, and a focused control is never under it, text spacing too', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const figure = await openExperiment(page, 'learning-rate-decay');
    const step = await showMe(figure, 0);
    const dock = figure.getByTestId('guided-dock');
    const again = step.getByRole('button', { name: 'Run this step again' });
    const back = step.getByRole('button', { name: 'Back to this checkpoint' });
    // A screen this tall keeps the dock at its bottom, beside the plots.
    await figure.getByTestId('network-a').scrollIntoViewIfNeeded();
    const box = await dock.boundingBox();
    expect(Math.round((box?.y ?? 0) + (box?.height ?? 0))).toBe(568);
    expect(box?.height ?? 568).toBeLessThanOrEqual(568 * 0.36);
    expect(await focusedUnderDock(page, dock, again, back), 'as set').toEqual([]);
    // As set, the dock is 140 px here with or without its cap; with text set wider it grew to
    // 239 px before the cap (the limit is 204).
    await page.addStyleTag({ content: TEXT_SPACING });
    expect(await dock.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThanOrEqual(
      568 * 0.36,
    );
    expect(await focusedUnderDock(page, dock, again, back), 'text spacing').toEqual([]);
  });

  test('the dock shows the whole title of its step, the longest ones too', async ({ page }) => {
    test.setTimeout(240_000);
    // "Show me" through the steps before it makes a step the dock's.
    for (const { slug, before, title } of [
      {
        slug: 'feature-generation',
        before: 3,
        title: '4/5 Deep and narrow against wide and shallow',
      },
      { slug: 'dying-relu', before: 6, title: '7/7 Born dead: deep, narrow networks' },
    ]) {
      const figure = await openExperiment(page, slug);
      for (let i = 0; i < before; i++) await showMe(figure, i);
      const dock = figure.getByTestId('guided-dock');
      await expect(dock.locator('.guided-dock__title')).toHaveText(title);
      expect(await titleCut(dock), slug).toBeNull();
    }
  });

  test('with text spacing the dock shows the whole title of every lesson’s first step', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    for (const slug of [
      'feature-generation',
      'dying-relu',
      'growing-cosine-unit',
      'learning-rate-decay',
    ]) {
      const figure = await openExperiment(page, slug);
      await page.addStyleTag({ content: TEXT_SPACING });
      const dock = figure.getByTestId('guided-dock');
      await expect(dock.locator('.guided-dock__title')).toContainText('1/');
      expect(await titleCut(dock), slug).toBeNull();
    }
  });
});

test('text spacing at 320 px: every sandbox control stays on the screen and inside its box', async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openSandbox(page);
  await page.addStyleTag({ content: TEXT_SPACING });
  // Every part open: the initializers too.
  const closed = page.locator('.sandbox details:not([open]) > summary');
  while ((await closed.count()) > 0) await closed.first().click();
  const outside = await page
    .locator('.sandbox')
    .locator('input:not([type="file"]), select, button, label, summary, legend')
    .evaluateAll((els) =>
      els.flatMap((el) => {
        const box = el.getBoundingClientRect();
        if (box.width === 0) return [];
        const name = `${el.tagName.toLowerCase()} “${(
          el.getAttribute('aria-label') ||
          el.getAttribute('data-testid') ||
          el.textContent ||
          ''
        )
          .trim()
          .slice(0, 30)}”`;
        const boxes = [
          ['the screen', { left: 0, right: 320 }],
          ['its fieldset', el.closest('fieldset')?.getBoundingClientRect()],
          ['its card', el.closest('.sb-card, .sb-run, .sb-section')?.getBoundingClientRect()],
        ] as const;
        return boxes.flatMap(([where, b]) =>
          b && (box.left < b.left - 0.5 || box.right > b.right + 0.5)
            ? [
                `${name} ${Math.round(box.left)}–${Math.round(box.right)} outside ${where} (${Math.round(b.left)}–${Math.round(b.right)})`,
              ]
            : [],
        );
      }),
    );
  expect(outside).toEqual([]);
});

/**
 * What marks an element in forced colours beyond its text: a fill other than the page's, and
 * lines (borders, outline) at least 2 px thick. Thin borders do not count: forced colours draw
 * every tile's and every step's 1 px border alike.
 */
async function forcedMarks(elements: Locator): Promise<string[]> {
  return elements.evaluateAll((els) => {
    const probe = document.createElement('div');
    probe.style.cssText = 'forced-color-adjust: none; background-color: Canvas';
    document.body.append(probe);
    const canvas = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return els.map((el) => {
      const s = getComputedStyle(el);
      const marks: string[] = [];
      const bg = s.backgroundColor;
      if (bg !== canvas && !/^rgba\(.*, 0\)$/.test(bg) && bg !== 'transparent')
        marks.push(`fill ${bg}${s.color === bg ? ' (text the same colour!)' : ''}`);
      for (const side of ['Top', 'Right', 'Bottom', 'Left'] as const) {
        const width = parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`));
        if (width >= 2 && s.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none')
          marks.push(
            `border-${side.toLowerCase()} ${width}px ${s.getPropertyValue(`border-${side.toLowerCase()}-color`)}`,
          );
      }
      if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
        marks.push(`outline ${s.outlineWidth} ${s.outlineColor}`);
      return marks.join(', ');
    });
  });
}

/** The checked or current one's marks are its own: set, and unlike every other's. */
function expectMarkedApart(marks: string[], chosen: number, what: string): void {
  expect(marks[chosen], `${what}: the chosen one has no mark`).not.toBe('');
  expect(marks[chosen], `${what}: a mark that says nothing`).not.toContain('same colour');
  marks.forEach((m, i) => {
    if (i !== chosen) expect(m, `${what}: another one looks the same`).not.toBe(marks[chosen]);
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`forced colours, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the sandbox marks its checked tabs and target by more than bold text', async ({
      page,
    }) => {
      await page.emulateMedia({ forcedColors: 'active' });
      await openSandbox(page);
      const groups = page.locator('.sb-tabs');
      expect(await groups.count()).toBeGreaterThanOrEqual(2);
      for (const group of await groups.all()) {
        const tabs = group.locator('.sb-tab');
        const checked = await tabs.evaluateAll((els) =>
          els.findIndex((el) => el.querySelector('input')?.checked),
        );
        expect(checked).toBeGreaterThanOrEqual(0);
        const names = (await tabs.allTextContents()).join(' | ');
        expectMarkedApart(await forcedMarks(group.locator('.sb-tab span')), checked, names);
      }
      const targets = page.locator('.sb-target');
      const chosen = await targets.evaluateAll((els) =>
        els.findIndex((el) => el.classList.contains('is-checked')),
      );
      expect(chosen).toBeGreaterThanOrEqual(0);
      expectMarkedApart(await forcedMarks(targets), chosen, 'targets');
      // Another target checked: the mark moves with it.
      await page.getByRole('radio', { name: /your own function/ }).check();
      const own = await targets.evaluateAll((els) =>
        els.findIndex((el) => el.classList.contains('is-checked')),
      );
      expect(own).not.toBe(chosen);
      expectMarkedApart(await forcedMarks(targets), own, 'targets, your own function');
    });

    test('a lesson marks its current step by more than its text', async ({ page }) => {
      test.setTimeout(120_000);
      await page.emulateMedia({ forcedColors: 'active' });
      const figure = await openExperiment(page, 'learning-rate-decay');
      const steps = figure.locator('.guided-step');
      expectMarkedApart(await forcedMarks(steps), 0, 'steps, at the start');
      await showMe(figure, 0);
      await expect(steps.nth(1)).toHaveClass(/is-current/);
      expectMarkedApart(await forcedMarks(steps), 1, 'steps, after the first');
    });
  });
}

test('the sandbox’s decorative glyphs (▸ ↻ ⚠) are not in the accessibility tree', async ({
  page,
}) => {
  await openSandbox(page);
  // A change that waits for a reset (↻ on reset) and a function with an error (⚠).
  const units = page.getByTestId('layer-1-units');
  await units.fill('5');
  await units.press('Enter');
  await expect(page.locator('.sb-pending').first()).toBeVisible();
  await page.getByRole('radio', { name: /your own function/ }).check();
  await page.getByTestId('expression').fill('sin(6*a');
  await expect(page.getByRole('alert').filter({ hasText: 'Expected “)”' })).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { ignored?: boolean; role?: { value?: string }; name?: { value?: string } }[];
  };
  const read = nodes
    .filter((n) => !n.ignored && /[▸↻⚠]/.test(String(n.name?.value ?? '')))
    .map((n) => `${n.role?.value}: “${n.name?.value}”`);
  expect(read).toEqual([]);
  // The headings and the error are still there, by their words.
  await expect(page.getByRole('heading', { name: 'Network', exact: true })).toBeVisible();
  await expect(page.getByText('on reset').first()).toBeVisible();
});
