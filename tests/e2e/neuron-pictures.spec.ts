/**
 * A neuron's pictures say what they show, in the lessons and the sandbox alike: drawn large, its
 * line at 0 (the output neuron's at 0.5) is solid and heavier than its dotted half-way lines, dark
 * in both themes, with a key under the plot naming both; in the network graph, a silent neuron
 * (leaky ReLU, negative on the whole square) is faded, marked and named "silent", not painted
 * solid orange as if strongly active, and the graph's key names the mark. Fixed seeds; colours,
 * counts and words are asserted.
 */
import type { Locator, Page } from '@playwright/test';
import { completeStep, expect, openExperiment, openSandbox, test, trainSandbox } from './fixtures';

const SILENT = /: silent, negative on the whole square/;
/** The contour ink, the same in both themes (the field's colours do not follow the theme). */
const LINE_INK = 'rgb(28, 30, 34)';

/**
 * The mean colour of the lower-left quarter of a neuron's thumbnail (clear of its corner mark and
 * its edge), read from the graph's canvas.
 */
function thumbnailColour(cell: Locator): Promise<number[]> {
  return cell.evaluate((button) => {
    const canvas = button.closest('.neuron-grid')?.querySelector('canvas');
    const context = canvas?.getContext('2d');
    if (!canvas || !context) throw new Error('no graph canvas');
    const frame = canvas.getBoundingClientRect();
    const box = button.getBoundingClientRect();
    const scale = canvas.width / frame.width;
    const x = Math.round((box.left - frame.left + box.width * 0.15) * scale);
    const y = Math.round((box.top - frame.top + box.height * 0.55) * scale);
    const side = Math.max(1, Math.round(box.width * 0.3 * scale));
    const data = context.getImageData(x, y, side, side).data;
    const sum = [0, 0, 0];
    for (let p = 0; p < data.length; p += 4) for (let c = 0; c < 3; c++) sum[c] += data[p + c];
    return sum.map((v) => Math.round(v / (data.length / 4)));
  });
}

/**
 * The graph's silent neurons: every one is named so (tooltip too), classed, and faded, its
 * thumbnail near the colour of 0 rather than the saturated orange of its own scale; the graph's
 * key names the mark. Returns how many there are.
 */
async function checkSilentNeurons(graph: Locator): Promise<number> {
  const silent = graph.getByRole('button', { name: SILENT });
  // The cells' names follow the snapshots at most a second behind their pictures
  // (NeuronGrid.labelsSoon): counted once the count holds for longer than that.
  await expect
    .poll(
      async () => {
        const before = await silent.count();
        await graph.page().waitForTimeout(1100);
        return before > 0 && before === (await silent.count());
      },
      { message: 'silent neurons in the graph, named alike a second apart', timeout: 20_000 },
    )
    .toBe(true);
  const count = await silent.count();
  for (const k of [0, count - 1]) {
    const cell = silent.nth(k);
    await expect(cell).toHaveClass(/is-silent/);
    await expect(cell).toHaveAttribute('title', SILENT);
    // Faded towards the scale's neutral middle (244, 241, 234): every channel light. Unfaded,
    // its picture is the scale's dark end (138, 59, 0) up to its middle oranges (blue ≤ 120).
    const colour = await thumbnailColour(cell);
    expect(Math.min(...colour), `thumbnail ${k} colour ${colour}`).toBeGreaterThan(170);
  }
  await expect(graph.getByTestId('neuron-grid-key')).toContainText(
    'faded, dotted edge: silent, negative on the whole square',
  );
  return count;
}

/** The large picture's lines and key: solid 0 line, dotted half-way lines, each named. */
async function checkNeuronLines(
  plot: Locator,
  key: { main: string; minor: RegExp },
  theme: 'light' | 'dark',
): Promise<void> {
  const main = plot.locator('path.contour-field.contour-main');
  const minor = plot.locator('path.contour-field.contour-minor');
  await expect(main.first()).toBeAttached();
  await expect(minor.first()).toBeAttached();
  const style = (line: Locator) =>
    line.first().evaluate((p) => {
      const s = getComputedStyle(p);
      return { stroke: s.stroke, width: parseFloat(s.strokeWidth), dash: s.strokeDasharray };
    });
  const solid = await style(main);
  const dotted = await style(minor);
  expect(solid.dash, `${theme}: the main line is solid`).toBe('none');
  expect(dotted.dash, `${theme}: the half-way lines are dotted`).not.toBe('none');
  expect(solid.width).toBeGreaterThan(dotted.width);
  // Dark on the field in both themes: the dark theme's light ink vanished on the scale's
  // near-white middle, where a hidden neuron's 0 line lies.
  expect(solid.stroke, theme).toBe(LINE_INK);
  expect(dotted.stroke, theme).toBe(LINE_INK);
  const words = plot.locator('.contour-key');
  await expect(words).toBeVisible();
  await expect(words.locator('.contour-key__item--main')).toHaveText(`solid line: ${key.main}`);
  await expect(words.locator('.contour-key__item--minor')).toHaveText(key.minor);
}

const hiddenKey = { main: 'output 0', minor: /^dotted lines: output ±\d[\d.e−]*$/ };
const outputKey = { main: 'output 0.5', minor: /^dotted lines: output 0\.25 and 0\.75$/ };

test('feature-generation: silent neurons are marked, and a neuron’s lines say what they are', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const figure = await openExperiment(page, 'feature-generation');
  await completeStep(page, figure, figure.locator('.guided-step').first());
  const panel = figure.getByTestId('network-a');
  // Every silent neuron the panel counts is marked in the graph, and no other.
  const marked = await checkSilentNeurons(panel);
  await expect(panel.getByTestId('silent-a')).toHaveText(String(marked));
  // 17 of the 64 first-layer neurons are silent at this step.
  await expect(
    panel.getByRole('button', { name: /^layer 1, neuron \d+ \(leaky ReLU\): silent/ }),
  ).toHaveCount(17);

  // A silent neuron selected: its words say so.
  await panel.getByRole('button', { name: SILENT }).first().click();
  await expect(figure.getByTestId('selected-a')).toHaveText(SILENT);

  // A neuron positive in one region and negative in another, drawn large.
  await panel
    .getByRole('button', {
      name: /^layer 2, neuron \d+ .*positive in one region, negative in one region/,
    })
    .first()
    .click();
  const plot = panel.locator('.guided-net__neuron .heatmap');
  await checkNeuronLines(plot, hiddenKey, 'light');
  await page.locator('[data-theme-toggle]').click();
  await checkNeuronLines(plot, hiddenKey, 'dark');

  // The output neuron: its 0.5 line solid, 0.25 and 0.75 dotted.
  await panel.getByRole('button', { name: /^output neuron/ }).click();
  await expect(plot.locator('.contour-key')).toContainText('output 0.5');
  await checkNeuronLines(plot, outputKey, 'dark');
});

/** The sandbox's default network (64 and 32 leaky ReLU) from seed 1, after 100,000 examples. */
async function trainedSandbox(page: Page): Promise<void> {
  await openSandbox(page, '#seed=1');
  await trainSandbox(page, '100,000', '100,000');
}

for (const theme of ['light', 'dark'] as const) {
  test(`sandbox, ${theme} theme: silent neurons are marked, and a neuron’s lines say what they are`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: theme });
    await trainedSandbox(page);
    const graph = page.locator('.sb-graph');
    await checkSilentNeurons(graph);

    // A silent neuron's detail: marked and named as in the graph.
    await graph.getByRole('button', { name: SILENT }).first().click();
    await expect(page.getByTestId('neuron-status')).toHaveText(
      /^⊖\s*layer \d, neuron \d+ \(leaky ReLU\): silent, negative on the whole square/,
    );
    await expect(page.getByTestId('neuron-status')).toHaveClass(/is-silent/);

    const detail = page.getByTestId('neuron-detail');
    await graph
      .getByRole('button', {
        name: /^layer 1, neuron \d+ .*positive in one region, negative in one region/,
      })
      .first()
      .click();
    await checkNeuronLines(detail.locator('.heatmap'), hiddenKey, theme);

    await graph.getByRole('button', { name: /^output neuron/ }).click();
    await expect(detail.getByRole('heading', { name: 'Output neuron' })).toBeVisible();
    await checkNeuronLines(detail.locator('.heatmap'), outputKey, theme);
  });
}
