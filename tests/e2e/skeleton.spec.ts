import { readdirSync, readFileSync } from 'node:fs';
import { canvasSignature, expect, test } from './fixtures';

/** Parse a number shown in the page ("1,234", "0.1234", "3.20e-4"). */
const parse = (text: string | null) => Number((text ?? '').replace(/,/g, ''));

test.describe('the site', () => {
  test('home lists the lessons and links to the sandbox', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const lesson = page.getByRole('link', { name: /How to read NN Lab’s plots/ }).first();
    await expect(lesson).toBeVisible();
    await lesson.click();
    await expect(page).toHaveURL(/\/lessons\/reading-the-plots\/$/);
    await page.goto('/');
    await page
      .getByRole('link', { name: /sandbox/i })
      .first()
      .click();
    // The sandbox writes its settings into the hash as soon as it has loaded: match the page.
    await expect(page).toHaveURL(/\/sandbox\/(#.*)?$/);
  });

  test("the header's Lessons link opens a lessons index that lists every lesson in order", async ({
    page,
  }) => {
    await page.goto('/sandbox/');
    await page
      .getByRole('navigation', { name: 'Site' })
      .getByRole('link', { name: 'Lessons' })
      .click();
    await expect(page).toHaveURL(/\/lessons\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lessons');
    // Every lesson, in the order of the lessons' front matter.
    const lessons = readdirSync(new URL('../../src/content/lessons/', import.meta.url))
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => {
        const text = readFileSync(
          new URL(`../../src/content/lessons/${f}`, import.meta.url),
          'utf8',
        );
        const field = (name: string) =>
          (text.match(new RegExp(`^${name}:\\s*(.+)$`, 'm'))?.[1] ?? '').replace(
            /^['"]|['"]$/g,
            '',
          );
        return { title: field('title'), order: Number(field('order')) };
      })
      .sort((p, q) => p.order - q.order);
    expect(lessons.length).toBeGreaterThanOrEqual(5);
    // (Each title starts with a visually hidden "Lesson N: ".)
    const ending = (t: string) => new RegExp(`: ${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    await expect(page.locator('.lesson-card .title')).toHaveText(
      lessons.map((l) => ending(l.title)),
    );
    await expect(
      page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Lessons' }),
    ).toHaveAttribute('aria-current', 'page');
  });

  test('a network trains live in its worker on the lesson page', async ({ page }) => {
    await page.goto('/lessons/reading-the-plots/');
    const figure = page.locator('figure.live-trainer');
    await figure.scrollIntoViewIfNeeded();
    const train = figure.getByRole('button', { name: /^Train/ });
    await expect(train).toBeEnabled();
    const before = await canvasSignature(page, 'figure.live-trainer .heatmap');

    await train.click();
    await expect(train).toBeEnabled({ timeout: 60_000 });
    await expect(figure.getByTestId('examples')).toHaveText('2,000');
    const firstLoss = parse(await figure.getByTestId('test-loss').textContent());
    expect(firstLoss).toBeGreaterThan(0);
    const middle = await canvasSignature(page, 'figure.live-trainer .heatmap');
    expect(middle).not.toBe(before);

    await train.click();
    await expect(figure.getByTestId('examples')).toHaveText('4,000', { timeout: 60_000 });
    await train.click();
    await expect(figure.getByTestId('examples')).toHaveText('6,000', { timeout: 60_000 });
    const laterLoss = parse(await figure.getByTestId('test-loss').textContent());
    expect(laterLoss).toBeLessThan(firstLoss);
    const after = await canvasSignature(page, 'figure.live-trainer .heatmap');
    expect(after).not.toBe(middle);
  });

  test('Reset, then the same presses: the same numbers and the same loss curve', async ({
    page,
  }) => {
    await page.goto('/lessons/reading-the-plots/');
    const figure = page.locator('figure.live-trainer');
    await figure.scrollIntoViewIfNeeded();
    const train = figure.getByRole('button', { name: /^Train/ });
    const picture = async () => {
      for (const n of ['2,000', '4,000']) {
        await expect(train).toBeEnabled({ timeout: 60_000 });
        await train.click();
        await expect(figure.getByTestId('examples')).toHaveText(n, { timeout: 60_000 });
      }
      await expect(train).toBeEnabled({ timeout: 60_000 });
      const chart = figure.locator('.loss-chart');
      // The chart and the heatmap are drawn on the frame after the last snapshot.
      await expect(chart).toHaveAttribute('aria-label', /after 4,000 examples/);
      return {
        trainLoss: await figure.getByTestId('train-loss').textContent(),
        testLoss: await figure.getByTestId('test-loss').textContent(),
        trainLine: await chart.locator('.series-train').first().getAttribute('d'),
        testLine: await chart.locator('.series-test').first().getAttribute('d'),
        heatmap: await canvasSignature(page, 'figure.live-trainer .heatmap'),
      };
    };
    const first = await picture();
    expect(first.testLine).toMatch(/L.*L/); // a line through several readings, not a dot
    await figure.getByRole('button', { name: 'Reset' }).click();
    await expect(figure.getByTestId('examples')).toHaveText('0');
    expect(await picture()).toEqual(first);
  });
});
