/**
 * The sandbox, end to end on the built site: build a network through the controls and train it,
 * select neurons (mouse and keyboard), see dead neurons flagged, reproduce a run from its URL,
 * export and import a network, and get clear errors for a bad function and a bad file.
 * Fixed seeds throughout; values, not "it ran", are asserted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { PRESETS } from '../../src/lib/presets';
import {
  decodeState,
  encodeState,
  fromExperiment,
  GROUP_HELP,
  setting,
  settingHelp,
} from '../../src/lib/sandbox/settings';
import {
  canvasSignature,
  expect,
  killWorkers,
  openSandbox,
  reloadSandbox,
  reopenSandbox,
  rewriteSavedSession,
  seriousViolations,
  test,
  trainSandbox,
} from './fixtures';

const loss = async (page: Page) => Number(await page.getByTestId('test-loss').textContent());

/** Choose preset `id` in the menu and press "Load preset". */
async function loadPreset(page: Page, id: string): Promise<void> {
  await page.getByTestId('preset').selectOption(id);
  await page.getByRole('button', { name: 'Load preset' }).click();
}

test('build a network through the controls, train 100k examples, and the loss falls', async ({
  page,
}) => {
  await openSandbox(page);
  await page.getByRole('button', { name: 'Remove hidden layer 2' }).click();
  const units = page.getByTestId('layer-1-units');
  await units.fill('12');
  await units.press('Enter');
  await page.getByTestId('layer-1-activation').selectOption('tanh');
  // Small uniform weights leave a tanh layer near its symmetric start; Xavier breaks it.
  const layer1 = page.getByRole('group', { name: 'Hidden layer 1' });
  await layer1.getByText('Initializers').click();
  await layer1.getByLabel('Weights').selectOption('xavierUniform');
  await page.getByRole('radio', { name: /circle/ }).check();
  await expect(page.getByText('on reset').first()).toBeVisible();
  // Training settings apply live; set them before the rebuild anyway.
  await page.getByTestId('setting-opt').selectOption('adam');
  const rate = page.getByTestId('learning-rate');
  await rate.fill('0.01');
  await rate.press('Enter');
  await expect(page).toHaveURL(/opt=adam/);
  await expect(page).toHaveURL(/lr=0\.01/);
  await page.getByRole('button', { name: 'Apply and reset' }).click();
  await expect(page.getByRole('button', { name: 'Reset', exact: true })).toBeVisible();
  await expect(page.getByTestId('examples')).toHaveText('0');
  await expect(page.getByTestId('current-lr')).toHaveText('0.01');
  // The graph now has 12 neurons in layer 1 and one output neuron.
  await expect(page.getByRole('button', { name: /^layer 1, neuron \d+/ })).toHaveCount(12);
  await expect(page.getByRole('button', { name: /^layer 2, neuron/ })).toHaveCount(0);
  await expect(page).toHaveURL(/h=12/);
  await expect(page).toHaveURL(/target=circle/);
  await expect(page).toHaveURL(/wi=xu/);
  const before = await loss(page);
  const pixelsBefore = await canvasSignature(page, '[data-testid="response-output"]');
  await trainSandbox(page, '100,000', '100,000');
  const after = await loss(page);
  expect(after).toBeLessThan(before * 0.7);
  expect(await canvasSignature(page, '[data-testid="response-output"]')).not.toBe(pixelsBefore);
  // The loss chart has a curve and says what it shows.
  await expect(page.locator('.loss-chart')).toHaveAttribute('aria-label', /after 100,000 examples/);
});

test('the loss curve counts examples: one point per press of "Train 1", every dot inside the plot', async ({
  page,
}) => {
  await openSandbox(page);
  await trainSandbox(page, '1', '1');
  const chart = page.locator('.loss-chart');
  await expect(chart).toHaveAttribute('aria-label', /after 1 example$/);
  // The chart is updated in place, not rebuilt at every update: the same curve, moved.
  await chart
    .locator('path.series-train')
    .evaluate((el) => ((el as Element & { first?: boolean }).first = true));
  for (const n of ['2', '3']) await trainSandbox(page, '1', n);
  await expect(chart).toHaveAttribute('aria-label', /after 3 examples/);
  expect(
    await chart
      .locator('path.series-train')
      .evaluate((el) => (el as Element & { first?: boolean }).first === true),
  ).toBe(true);
  // The x axis ends at the last example, so the newest readings sit on its right end.
  const axis = await chart.locator('.axis .domain').first().boundingBox();
  const centre = async (selector: string) => {
    const box = await chart.locator(selector).boundingBox();
    return box!.x + box!.width / 2;
  };
  const right = axis!.x + axis!.width;
  // The test loss is read at the last example; the training loss is the last bucket's mean,
  // drawn in the middle of its examples (the third of three).
  expect(Math.abs((await centre('.series-dot.series-test')) - right)).toBeLessThanOrEqual(4);
  const train = await centre('.series-dot.series-train');
  expect(train).toBeLessThan(right);
  expect(train).toBeGreaterThan(axis!.x + (axis!.width * 2) / 3);
});

test('select a neuron (mouse, then arrow keys): its plot, values and weights appear', async ({
  page,
}) => {
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await page.getByRole('button', { name: /^layer 1, neuron 3 / }).click();
  const detail = page.getByTestId('neuron-detail');
  await expect(detail.getByRole('heading', { name: 'Layer 1, neuron 3' })).toBeVisible();
  await expect(page.getByTestId('neuron-status')).toHaveText(
    /outputs from −?[\d.e−]+ to −?[\d.e−]+|dead/,
  );
  // Two incoming weights (from a and b) and the bias, each with a number.
  const bars = page.getByTestId('neuron-weights').getByRole('listitem');
  await expect(bars).toHaveCount(3);
  await expect(bars.last()).toHaveText(/bias\s*−?\d/);
  // The large plot has been drawn (not a blank canvas).
  await expect
    .poll(async () => canvasSignature(page, '[data-testid="neuron-detail"] .sb-plot'))
    .toMatch(/^128x128:/); // the first layer of the default network: 128 (neuronResolution)
  const first = await canvasSignature(page, '[data-testid="neuron-detail"] .sb-plot');
  // Keyboard: the selected cell holds focus; ArrowDown moves to neuron 4, ArrowRight to layer 2.
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByRole('heading', { name: 'Layer 1, neuron 4' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^layer 1, neuron 4 / })).toBeFocused();
  await expect
    .poll(async () => canvasSignature(page, '[data-testid="neuron-detail"] .sb-plot'))
    .not.toBe(first);
  await page.keyboard.press('ArrowRight');
  await expect(detail.getByRole('heading', { name: /^Layer 2, neuron \d+$/ })).toBeVisible();
  await expect(page.getByTestId('neuron-weights').getByRole('listitem')).toHaveCount(65);
});

test('a neuron’s incoming weights are laid out as rows: name, bar and value side by side', async ({
  page,
}) => {
  // The point legend's colour bars once shared the class of these rows, and its later rule made
  // every row a 4.5rem inline box: names, values and empty bars piled on each other.
  await openSandbox(page);
  await page.getByRole('button', { name: /^layer 2, neuron 5 / }).click();
  const rows = page.getByTestId('neuron-weights').getByRole('listitem');
  await expect(rows).toHaveCount(65);
  const list = await page.getByTestId('neuron-weights').boundingBox();
  for (const k of [0, 1, 64]) {
    const row = rows.nth(k);
    const name = (await row.locator('.sb-bar__name').boundingBox())!;
    const track = (await row.locator('.sb-bar__track').boundingBox())!;
    const value = (await row.locator('.sb-bar__value').boundingBox())!;
    // Left to right, without overlap, on one line, the bar's track wide enough to read.
    expect(track.width, `row ${k}: the bar's track`).toBeGreaterThan(40);
    expect(name.x + name.width, `row ${k}: name before bar`).toBeLessThanOrEqual(track.x);
    expect(track.x + track.width, `row ${k}: bar before value`).toBeLessThanOrEqual(value.x);
    const middle = (b: { y: number; height: number }) => b.y + b.height / 2;
    expect(Math.abs(middle(name) - middle(value)), `row ${k}: one line`).toBeLessThan(4);
    expect(Math.abs(middle(track) - middle(value)), `row ${k}: one line`).toBeLessThan(4);
    expect(value.x + value.width, `row ${k}: inside the list`).toBeLessThanOrEqual(
      list!.x + list!.width + 1,
    );
  }
});

test('closing a neuron’s plot with the keyboard puts focus back on that neuron in the graph', async ({
  page,
}) => {
  // Focus fell to the page's body: a keyboard reader had to Tab through the page from the top.
  await openSandbox(page);
  const cell = page.getByRole('button', { name: /^layer 1, neuron 3 / });
  await cell.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('neuron-detail');
  await expect(detail.getByRole('heading', { name: 'Layer 1, neuron 3' })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByRole('heading', { name: 'Layer 1, neuron 4' })).toBeVisible();
  // The next stop after the graph is the plot's close button.
  await page.keyboard.press('Tab');
  const close = page.getByRole('button', { name: 'Close the neuron’s plot' });
  await expect(close).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(detail).toHaveCount(0);
  const neuron4 = page.getByRole('button', { name: /^layer 1, neuron 4 / });
  await expect(neuron4).toBeFocused();
  await expect(neuron4).toHaveAttribute('aria-pressed', 'false');
  // And the arrow keys go on from there.
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByRole('heading', { name: 'Layer 1, neuron 5' })).toBeVisible();
});

test('Escape closes a neuron’s plot from anywhere inside it, and focus goes back to that neuron', async ({
  page,
}) => {
  // Only its ✕ button closed it.
  await openSandbox(page);
  const detail = page.getByTestId('neuron-detail');
  for (const [n, inside] of [
    [3, page.getByRole('button', { name: 'Close the neuron’s plot' })],
    [4, page.getByRole('group', { name: /its output over the input square/ })],
    [5, page.getByTestId('neuron-weights')],
  ] as const) {
    const cell = page.getByRole('button', { name: new RegExp(`^layer 1, neuron ${n} `) });
    await cell.focus();
    await page.keyboard.press('Enter');
    await expect(detail.getByRole('heading', { name: `Layer 1, neuron ${n}` })).toBeVisible();
    await inside.focus();
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
    await expect(cell).toBeFocused();
  }
});

test('every preset builds its own network, whichever was chosen before (its link says so)', async ({
  page,
}) => {
  // The store rewrites its objects in place: an initializer object shared between presets (or
  // with the defaults) was once rewritten by the next preset, so networks started from the
  // wrong weights and their links left the initializers out.
  test.setTimeout(60_000);
  await openSandbox(page);
  const expected = (id: string) =>
    encodeState(fromExperiment(PRESETS.find((p) => p.id === id)!.config()));
  const ids = PRESETS.map((p) => p.id);
  for (const id of [...ids, ...[...ids].reverse()]) {
    await loadPreset(page, id);
    await expect
      .poll(() => page.evaluate(() => location.hash.slice(1)), { message: id })
      .toBe(expected(id));
  }
});

test('while the engine loads, the page says so, visibly; then the controls come alive', async ({
  page,
}) => {
  // A slow network: the engine's .wasm arrives after two seconds.
  await page.route('**/*.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, 2000));
    await route.continue();
  });
  await page.goto('/sandbox/');
  const loading = page.getByTestId('engine-loading');
  await expect(loading).toBeVisible();
  await expect(loading).toHaveText(/Loading the training engine/);
  await expect(page.getByTestId('play')).toBeDisabled();
  await expect(page.locator('.sandbox')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(loading).toHaveCount(0);
  await expect(page.getByTestId('play')).toBeEnabled();
});

test('an identity output learning values beyond [0, 1] is drawn on a scale that reaches them', async ({
  page,
}) => {
  // 4ab − 1 runs from −1 to 3: the response's colour scale (and its legend) must too, instead of
  // clamping everything above 1 to the same yellow; the note about a sigmoid's range is not shown.
  await openSandbox(page, '#seed=1&target=custom&expr=4*a*b-1&out=identity&lr=0.01');
  const response = page.getByTestId('response-output');
  await expect(
    response.getByRole('img', { name: /^Colour legend: network output/ }),
  ).toHaveAttribute('aria-label', /from −1 to 3$/);
  await expect(page.getByText('a sigmoid output can only reach')).toHaveCount(0);
  // With a sigmoid output, the same target gets the note, and the scale still shows the target.
  await page.getByLabel('Output activation').selectOption('sigmoid');
  await expect(page.getByText(/a sigmoid output can only reach/)).toBeVisible();
});

test('cross-entropy with an output that can leave (0, 1) gets a note beside the loss', async ({
  page,
}) => {
  // Binary cross-entropy with an identity output trained on nonsense (the engine clamps the
  // output into (0, 1) for the logs) without a word.
  await openSandbox(page, '#seed=1&out=identity&loss=bce');
  const note = page.getByTestId('loss-note');
  await expect(note).toContainText('needs an output between 0 and 1');
  await expect(note).toContainText('identity');
  await expect(note).toContainText('sigmoid');
  await page.getByLabel('Output activation').selectOption('relu');
  await expect(note).toContainText('ReLU');
  // Its live region stays on the page, empty (LiveNote), so the next note is announced.
  await page.getByLabel('Output activation').selectOption('sigmoid');
  await expect(note).toHaveText('');
  await expect(note).toBeHidden();
  await page.getByLabel('Output activation').selectOption('identity');
  await expect(note).toBeVisible();
  await page.getByTestId('setting-loss').selectOption('mse');
  await expect(note).toHaveText('');
});

test('keyboard order follows the page: the run controls come before the settings', async ({
  page,
}) => {
  // On a phone the settings sit below the plots; Tab used to walk through all of them (about
  // 36 controls, out of sight) before reaching Play.
  await page.setViewportSize({ width: 390, height: 844 });
  await openSandbox(page);
  let reached = '';
  for (let k = 0; k < 80 && !reached; k++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => {
      const el = document.activeElement;
      if (el?.closest('.sb-controls')) return 'settings';
      return el?.getAttribute('data-testid') === 'play' ? 'play' : '';
    });
  }
  expect(reached).toBe('play');
});

test('on a phone, a setting that waits for a reset has an "Apply and reset" button in sight', async ({
  page,
}) => {
  // The settings sit below the plots on a phone, about 3,000 px under the run bar's only
  // "Apply and reset" button.
  await page.setViewportSize({ width: 390, height: 844 });
  await openSandbox(page);
  const circle = page.getByRole('radio', { name: /circle/ });
  await circle.check();
  await expect(page).toHaveURL(/target=circle/);
  const inSight = () =>
    page
      .getByRole('button', { name: 'Apply and reset' })
      .evaluateAll(
        (buttons) =>
          buttons
            .map((b) => b.getBoundingClientRect())
            .filter((r) => r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight).length,
      );
  await expect.poll(inSight).toBe(1);
  // It covers neither the setting just changed…
  const apply = page.getByTestId('apply-settings');
  const bar = (await apply.boundingBox())!;
  const target = (await circle.locator('xpath=..').boundingBox())!;
  expect(target.y + target.height <= bar.y || target.y >= bar.y + bar.height).toBe(true);
  // …and it is the run bar's reset: the network is rebuilt with the change, and the bar goes.
  await trainSandbox(page, '1', '1');
  await apply.getByRole('button', { name: 'Apply and reset' }).click();
  await expect(page.getByTestId('examples')).toHaveText('0');
  await expect(page.getByRole('button', { name: 'Reset', exact: true })).toBeAttached();
  await expect(apply).toHaveCount(0);
  // On a wide screen the settings sit beside the run bar: no second button.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('radio', { name: /spiral/ }).check();
  await expect(page.getByRole('button', { name: 'Apply and reset' })).toHaveCount(1);
});

test('a reload does not lose the trained network: it is offered back, with its loss', async ({
  page,
}) => {
  const sandbox = page.locator('.sandbox');
  const reloaded = () => reloadSandbox(page);
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  const loss = await page.getByTestId('test-loss').textContent();
  // Kept in the browser once the job is over.
  await expect(sandbox).toHaveAttribute('data-saved-examples', '1000');
  await reloaded();
  const offer = page.getByTestId('resume');
  await expect(offer).toBeVisible();
  await expect(offer.getByTestId('resume-examples')).toHaveText('1,000');
  await expect(page.getByTestId('examples')).toHaveText('0');
  await offer.getByRole('button', { name: 'Continue from there' }).click();
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await expect(page.getByTestId('test-loss')).toHaveText(loss!);
  await expect(offer).toHaveCount(0);
  // Another network's link is not offered this one.
  await reopenSandbox(page, '#seed=5');
  await expect(page.getByTestId('resume')).toHaveCount(0);
  // "Start fresh" forgets it.
  await reopenSandbox(page, '');
  await page.getByTestId('resume').getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByTestId('resume')).toHaveCount(0);
  await expect(sandbox).toHaveAttribute('data-saved-examples', '-1'); // the record is gone
  await reloaded();
  await expect(page.getByTestId('resume')).toHaveCount(0);
});

test('a reload offers a network back after its rate changed, and each network is kept apart', async ({
  page,
}) => {
  const sandbox = page.locator('.sandbox');
  const reloaded = () => reloadSandbox(page);
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await expect(sandbox).toHaveAttribute('data-saved-examples', '1000');
  // A live setting changed after the save: still the same network.
  const rate = page.getByTestId('learning-rate');
  await rate.fill('0.05');
  await rate.press('Enter');
  await expect(page).toHaveURL(/lr=0\.05/);
  // Kept with the network too (the state is saved again once the changes stop).
  await expect(sandbox).toHaveAttribute('data-saved-settings', /lr=0\.05/);
  await reloaded();
  const offer = page.getByTestId('resume');
  await expect(offer.getByTestId('resume-examples')).toHaveText('1,000');
  await offer.getByRole('button', { name: 'Continue from there' }).click();
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  // It trains on at the rate the controls say, not the one it was saved under.
  await expect(page.getByTestId('current-lr')).toHaveText('0.05');
  // Another network (a lesson's link, say), trained too: it does not take the first one's place.
  await reopenSandbox(page, '#seed=5');
  await expect(page.getByTestId('resume')).toHaveCount(0);
  await trainSandbox(page, '1,000', '1,000');
  await trainSandbox(page, '1,000', '2,000');
  await expect(sandbox).toHaveAttribute('data-saved-examples', '2000');
  await reopenSandbox(page, '#lr=0.05');
  await expect(page.getByTestId('resume').getByTestId('resume-examples')).toHaveText('1,000');
  await reopenSandbox(page, '#seed=5');
  await expect(page.getByTestId('resume').getByTestId('resume-examples')).toHaveText('2,000');
});

test('a network continued from the site’s plain Sandbox link trains on with the settings it was saved with', async ({
  page,
}) => {
  const sandbox = page.locator('.sandbox');
  await openSandbox(page);
  const rate = page.getByTestId('learning-rate');
  await rate.fill('0.01');
  await rate.press('Enter');
  await trainSandbox(page, '1,000', '1,000');
  await expect(sandbox).toHaveAttribute('data-saved-settings', /lr=0\.01/);
  // The header's link has no settings in it: the defaults, rate 0.15.
  await reopenSandbox(page, '');
  await expect(page.getByTestId('current-lr')).toHaveText('0.15');
  await page.getByRole('button', { name: 'Continue from there' }).click();
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await expect(page.getByTestId('current-lr')).toHaveText('0.01');
  await expect(rate).toHaveValue('0.01');
  await expect(page).toHaveURL(/lr=0\.01/);
});

test('a network saved by the one-record version is still offered, after another network was saved', async ({
  page,
}) => {
  const sandbox = page.locator('.sandbox');
  await openSandbox(page, '#seed=7');
  await trainSandbox(page, '1,000', '1,000');
  await expect(sandbox).toHaveAttribute('data-saved-examples', '1000');
  // Rewrite the store as the first version left it: one record, 'last-session', no network.
  await rewriteSavedSession(page, 'one-record');
  // Another network is trained and saved: the old record must not be lost with it.
  await reopenSandbox(page, '#seed=5');
  await trainSandbox(page, '1,000', '1,000');
  await expect(sandbox).toHaveAttribute('data-saved-examples', '1000');
  await reopenSandbox(page, '#seed=7');
  await expect(page.getByTestId('resume').getByTestId('resume-examples')).toHaveText('1,000');
});

test('a long job is kept as it runs: a reload in the middle of it offers the network back', async ({
  page,
}) => {
  const sandbox = page.locator('.sandbox');
  await openSandbox(page, '#h=256,256&act=leakyRelu,leakyRelu');
  await page.getByRole('button', { name: 'Train 1,000,000', exact: true }).click();
  // Kept a second in, then every few seconds, while the job runs (before, only at its end).
  const saved = async () => Number(await sandbox.getAttribute('data-saved-examples'));
  await expect.poll(saved, { timeout: 30_000 }).toBeGreaterThan(0);
  const kept = await saved();
  await expect(page.getByTestId('examples')).not.toHaveText('1,000,000');
  await reloadSandbox(page);
  const offered = page.getByTestId('resume').getByTestId('resume-examples');
  const count = Number(((await offered.textContent()) ?? '').replace(/,/g, ''));
  expect(count).toBeGreaterThanOrEqual(kept);
  await page.getByRole('button', { name: 'Continue from there' }).click();
  await expect(page.getByTestId('examples')).toHaveText(count.toLocaleString('en-US'));
});

test('a link followed while the network trains keeps it as it was at the click', async ({
  page,
}) => {
  const sandbox = page.locator('.sandbox');
  const examples = async () =>
    Number(((await page.getByTestId('examples').textContent()) ?? '').replace(/,/g, ''));
  const saved = async () => Number(await sandbox.getAttribute('data-saved-examples'));
  await openSandbox(page, '#h=64,64');
  await page.getByRole('button', { name: /Play/ }).click();
  // The first save comes a second in; the next not for five more.
  await expect.poll(saved, { timeout: 30_000 }).toBeGreaterThan(0);
  const periodic = await saved();
  await expect.poll(examples).toBeGreaterThan(periodic + 20_000);
  const atClick = await examples();
  await page.getByRole('banner').getByRole('link', { name: 'Lessons', exact: true }).click();
  await expect(page).toHaveURL(/\/lessons\/$/);
  await reopenSandbox(page, '#h=64,64');
  const offered = page.getByTestId('resume').getByTestId('resume-examples');
  const count = Number(((await offered.textContent()) ?? '').replace(/,/g, ''));
  expect(count).toBeGreaterThanOrEqual(atClick);
});

test('a preset does not replace a trained network without asking', async ({ page }) => {
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await loadPreset(page, 'dying-relu');
  const ask = page.getByTestId('confirm-replace');
  await expect(ask).toContainText('trained on 1,000 examples');
  // "Keep mine": nothing changes.
  await ask.getByRole('button', { name: 'Keep mine' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await expect(page).not.toHaveURL(/act=relu,relu/);
  // "Replace it": the preset's network, untrained.
  await loadPreset(page, 'dying-relu');
  await ask.getByRole('button', { name: 'Replace it' }).click();
  await expect(page).toHaveURL(/act=relu,relu/);
  await expect(page.getByTestId('examples')).toHaveText('0');
});

test('the preset menu loads nothing while arrow keys move through it: "Load preset" does', async ({
  page,
}) => {
  // It loaded a preset at every change, and an arrow key is a change on Windows and Linux: the
  // first arrow loaded the first preset (asking "Replace…?" over a trained network) and put the
  // menu back to "Choose a preset…", so no other preset could be reached by keyboard.
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  const menu = page.getByTestId('preset');
  const ask = page.getByTestId('confirm-replace');
  await menu.focus();
  await menu.press('ArrowDown');
  await menu.press('ArrowDown');
  await expect(menu).toHaveValue(PRESETS[1].id);
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  // Enter in the menu, or the button, loads the chosen one (asking first over a trained network).
  await menu.press('Enter');
  await expect(ask).toContainText(PRESETS[1].title);
  await ask.getByRole('button', { name: 'Keep mine' }).click();
  await expect(menu).toHaveValue(PRESETS[1].id);
  await page.getByRole('button', { name: 'Load preset' }).click();
  await ask.getByRole('button', { name: 'Replace it' }).click();
  await expect(page.getByTestId('preset-note')).toContainText(PRESETS[1].title);
  await expect(page.getByTestId('examples')).toHaveText('0');
});

test('a question about replacing the network takes the focus when the reader raised it, and gives it back once answered', async ({
  page,
}) => {
  // "Replace it" and "Keep mine" went with the question, and the focus fell to the page's body.
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await page.getByTestId('preset').selectOption(PRESETS[1].id);
  const load = page.getByRole('button', { name: 'Load preset' });
  const ask = page.getByTestId('confirm-replace');
  await load.focus();
  await page.keyboard.press('Enter');
  await expect(ask).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(ask.getByRole('button', { name: 'Replace it' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(ask.getByRole('button', { name: 'Keep mine' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ask).toHaveCount(0);
  await expect(load).toBeFocused();
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(ask.getByRole('button', { name: 'Replace it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ask).toHaveCount(0);
  await expect(load).toBeFocused();
  await expect(page.getByTestId('examples')).toHaveText('0');
  // A link opened from the address bar: the question takes no focus; answered, focus is on Play.
  await trainSandbox(page, '1,000', '1,000');
  await page.evaluate(() => (location.hash = '#seed=7&h=3'));
  await expect(ask).toBeVisible();
  await expect(ask).not.toBeFocused();
  await ask.getByRole('button', { name: 'Keep mine' }).focus();
  await page.keyboard.press('Enter');
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('play')).toBeFocused();
});

test('answering the offer of a saved network, dismissing a link’s notice and restarting the trainer leave the focus on Play', async ({
  page,
}) => {
  // Each button went with its message, and the focus fell to the page's body.
  const play = page.getByTestId('play');
  await openSandbox(page, '#zz=1');
  await page.getByTestId('url-notices').getByRole('button', { name: 'Dismiss' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('url-notices')).toHaveCount(0);
  await expect(play).toBeFocused();

  await trainSandbox(page, '1,000', '1,000');
  await expect(page.locator('.sandbox')).toHaveAttribute('data-saved-examples', '1000');
  for (const answer of ['Continue from there', 'Start fresh']) {
    await reloadSandbox(page);
    await page.getByTestId('resume').getByRole('button', { name: answer }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('resume')).toHaveCount(0);
    await expect(play).toBeFocused();
    await expect(page.getByTestId('examples')).toHaveText(answer === 'Start fresh' ? '0' : '1,000');
  }

  await killWorkers(page);
  const restart = page.getByRole('button', { name: 'Restart the trainer' });
  await expect(restart).toBeVisible({ timeout: 30_000 });
  await restart.focus();
  await page.keyboard.press('Enter');
  await expect(play).toBeEnabled();
  await expect(play).toBeFocused();
});

test('removing the last hidden layer leaves the focus on the layer before’s Remove, then on "+ Add a hidden layer"', async ({
  page,
}) => {
  // The last layer's Remove button went with its layer, and the focus fell to the page's body.
  await openSandbox(page);
  await page.getByRole('button', { name: 'Remove hidden layer 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove hidden layer 2' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove hidden layer 1' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove hidden layer 1' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '+ Add a hidden layer' })).toBeFocused();
});

test('a link opened in a tab with a trained network asks before it replaces it', async ({
  page,
}) => {
  // A hash change (a pasted or clicked sandbox link) rebuilt the network at once, throwing away
  // its training, where a preset or a file asks first.
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  const link = '#seed=7&h=3&act=tanh';
  await page.evaluate((h) => (location.hash = h), link);
  const ask = page.getByTestId('confirm-replace');
  await expect(ask).toContainText('trained on 1,000 examples');
  await expect(ask).toContainText('the link');
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  // "Keep mine": the network and its settings stay, and the address describes them again.
  await ask.getByRole('button', { name: 'Keep mine' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await expect(page.getByTestId('seed')).toHaveValue('1');
  await expect(page.getByRole('button', { name: /^layer 1, neuron \d+/ })).toHaveCount(64);
  await expect(page.getByRole('button', { name: 'Reset', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/seed=1&/);
  await expect(page).not.toHaveURL(/h=3/);
  // The same link again, and "Replace it": the link's network, untrained.
  await page.evaluate((h) => (location.hash = h), link);
  await ask.getByRole('button', { name: 'Replace it' }).click();
  await expect(page.getByTestId('examples')).toHaveText('0');
  await expect(page.getByTestId('seed')).toHaveValue('7');
  await expect(page.getByRole('button', { name: /^layer 1, neuron \d+/ })).toHaveCount(3);
  await expect(page).toHaveURL(/seed=7&h=3&act=tanh$/);
});

test('a loaded preset says what it is and what to look for, until the settings change', async ({
  page,
}) => {
  // Each preset has a sentence on what to look for (presets.ts), which the page never showed.
  await openSandbox(page);
  const note = page.getByTestId('preset-note');
  await expect(note).toHaveCount(0);
  for (const id of ['dying-relu', 'first-look']) {
    const preset = PRESETS.find((p) => p.id === id)!;
    await loadPreset(page, id);
    await expect(note).toContainText(preset.title);
    await expect(note).toContainText(preset.description);
  }
  // Training does not change the settings: the note stays.
  await trainSandbox(page, '1,000', '1,000');
  await expect(note).toContainText('A first look');
  // A changed setting (a live one here) makes it another experiment: the note goes.
  const rate = page.getByTestId('learning-rate');
  await rate.fill('0.02');
  await rate.press('Enter');
  await expect(note).toHaveCount(0);
});

test('with a fixed training set, its examples are drawn over the response', async ({ page }) => {
  await openSandbox(page);
  await loadPreset(page, 'overfitting');
  const response = page.getByTestId('response-output');
  const size = PRESETS.find((p) => p.id === 'overfitting')!.config().data.mode;
  const trainSize = size.kind === 'fixed' ? size.trainSize : 0;
  expect(trainSize).toBeGreaterThan(0);
  await expect(response.locator('circle.data-point')).toHaveCount(trainSize);
  await expect(page.getByTestId('train-points-note')).toContainText(
    `${trainSize} training examples`,
  );
  // Fresh examples have no fixed set to show.
  await loadPreset(page, 'first-look');
  await expect(response.locator('circle.data-point')).toHaveCount(0);
});

test('the dying-ReLU preset flags dead neurons, by text and in the neuron view', async ({
  page,
}) => {
  await openSandbox(page);
  await loadPreset(page, 'dying-relu');
  await expect(page).toHaveURL(/act=relu,relu/);
  await trainSandbox(page, '100,000', '100,000');
  await expect(page.getByTestId('dead-summary')).toContainText(/\d+ dead neurons?/);
  const dead = page.getByRole('button', { name: /: dead, outputs 0 everywhere/ });
  expect(await dead.count()).toBeGreaterThan(0);
  await expect(dead.first()).toHaveClass(/is-dead/);
  await dead.first().click();
  await expect(page.getByTestId('neuron-status')).toHaveText(/dead, outputs 0 everywhere/);
});

test('a copied URL reproduces the same network: same seed and examples, same loss', async ({
  page,
  context,
}) => {
  await openSandbox(page);
  await page.getByTestId('layer-1-activation').selectOption('tanh');
  await page.getByTestId('layer-2-activation').selectOption('tanh');
  const seed = page.getByTestId('seed');
  await seed.fill('4242');
  await seed.press('Enter');
  await page.getByRole('button', { name: 'Apply and reset' }).click();
  await expect(page).toHaveURL(/seed=4242/);
  await trainSandbox(page, '100,000', '100,000');
  const first = await page.getByTestId('test-loss').textContent();
  const url = page.url();

  const other = await context.newPage();
  await openSandbox(other, url.slice(url.indexOf('#')));
  await expect(other.getByTestId('seed')).toHaveValue('4242');
  await expect(other.getByTestId('layer-2-activation')).toHaveValue('tanh');
  await trainSandbox(other, '100,000', '100,000');
  await expect(other.getByTestId('test-loss')).toHaveText(first ?? 'missing');
  await other.close();
});

/**
 * Edge pixels of the network graph between hidden layers 1 and 2 (a column of the canvas in the
 * gap between their cells, where only edges are drawn), and the whole canvas's signature.
 */
async function graphEdges(page: Page): Promise<{ edgePixels: number; signature: string }> {
  const edgePixels = await page.$eval('.neuron-grid', (root) => {
    const cells = (layer: number) =>
      [...root.querySelectorAll<HTMLElement>(`[data-layer="${layer}"]`)].map((b) => ({
        left: b.offsetLeft,
        right: b.offsetLeft + b.offsetWidth,
      }));
    const x = Math.round(
      (Math.max(...cells(0).map((c) => c.right)) + Math.min(...cells(1).map((c) => c.left))) / 2,
    );
    const canvas = root.querySelector('canvas') as HTMLCanvasElement;
    const scale = canvas.width / canvas.clientWidth;
    const data = canvas
      .getContext('2d')
      ?.getImageData(Math.round(x * scale), 0, 1, canvas.height).data;
    let count = 0;
    for (let i = 3; i < (data?.length ?? 0); i += 4) if (data?.[i]) count++;
    return count;
  });
  return { edgePixels, signature: await canvasSignature(page, '.neuron-grid') };
}

test('the network graph draws its edges in a worker, exactly as the page would', async ({
  page,
}) => {
  // The default 64-32 network has 2,208 edges: more than the page draws itself.
  await openSandbox(page);
  await expect.poll(async () => (await graphEdges(page)).edgePixels).toBeGreaterThan(50);
  expect(page.workers().map((w) => w.url())).toContainEqual(expect.stringMatching(/edges/));
  const drawnByWorker = (await graphEdges(page)).signature;

  // The same network in a browser without OffscreenCanvas: the page draws the edges itself.
  const other = await page.context().newPage();
  await other.addInitScript(() => {
    delete (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;
  });
  await openSandbox(other);
  await expect.poll(async () => (await graphEdges(other)).signature).toBe(drawnByWorker);
  expect(other.workers().map((w) => w.url())).not.toContainEqual(expect.stringMatching(/edges/));
  await other.close();
});

test('unknown and malformed URL fields are ignored with a visible notice', async ({ page }) => {
  await openSandbox(page, '#lr=banana&h=5,zz&wat=1&seed=3');
  await expect(page.getByTestId('url-notices')).toContainText('Learning rate');
  await expect(page.getByTestId('url-notices')).toContainText('wat');
  await expect(page.getByRole('button', { name: /^layer 1, neuron \d+/ })).toHaveCount(5);
  await expect(page.getByTestId('seed')).toHaveValue('3');
});

test('a fragment that names a place on the page is not read as settings: the network stays', async ({
  page,
}) => {
  // "#main" (the skip link's) was read as a settings link: "Unknown setting 'main' in the link
  // was ignored", the settings back to the defaults, and over a trained network a "Replace…?".
  await openSandbox(page, '#main');
  await expect(page.getByTestId('url-notices')).toHaveCount(0);
  await expect(page).toHaveURL(/seed=1&/);
  await trainSandbox(page, '1,000', '1,000');
  const settings = page.url();
  await page.evaluate(() => (location.hash = 'main'));
  // The address goes back to the network's settings, and nothing is asked or changed.
  await expect(page).toHaveURL(settings);
  await expect(page.getByTestId('confirm-replace')).toHaveCount(0);
  await expect(page.getByTestId('url-notices')).toHaveCount(0);
  await expect(page.getByTestId('examples')).toHaveText('1,000');
});

test('a typed number in range but not whole is said to be rounded, not kept within its range', async ({
  page,
}) => {
  await openSandbox(page);
  const units = page.getByTestId('layer-1-units');
  // The note's live region is on the page, empty, before it has anything to say: screen readers
  // often miss a region that appears already holding its text.
  const region = page.locator('.sb-field').filter({ has: units }).getByRole('status');
  await expect(region).toHaveText('');
  await region.evaluate((el) => el.setAttribute('data-was-there', ''));
  await units.fill('12.4');
  await units.press('Enter');
  await expect(units).toHaveValue('12');
  const field = page.locator('.sb-field').filter({ has: units });
  await expect(field).toContainText('Whole numbers only: rounded to 12.');
  await expect(field).not.toContainText('Kept within');
  await expect(field.locator('[role="status"][data-was-there]')).toHaveText(
    'Whole numbers only: rounded to 12.',
  );
  const batch = page.getByTestId('setting-batch');
  await batch.fill('2.5');
  await batch.press('Enter');
  await expect(batch).toHaveValue('3');
  await expect(page.locator('.sb-field').filter({ has: batch })).toContainText(
    'Whole numbers only: rounded to 3.',
  );
  // The seed field says it the same way (it had a clamp and words of its own).
  const seed = page.getByTestId('seed');
  await seed.fill('2.5');
  await seed.press('Enter');
  await expect(seed).toHaveValue('3');
  await expect(page.locator('#sb-seed-note')).toHaveText('Whole numbers only: rounded to 3.');
  // A field reads numbers as a link does: "0x10" is not the 16 that Number() makes of it.
  await batch.fill('0x10');
  await batch.press('Enter');
  await expect(batch).toHaveValue('3');
  await expect(page.locator('.sb-field').filter({ has: batch })).toContainText(
    'Not a number; kept 3.',
  );
});

test('a uniform initializer whose bounds are typed the wrong way round is swapped, and says so', async ({
  page,
}) => {
  // "from −0.1, to −3" collapsed silently to "from −0.1, to −0.1".
  await openSandbox(page, '#seed=1&h=4&wi=u:-0.1:0.1');
  const layer = page.getByRole('group', { name: 'Hidden layer 1' });
  await layer.getByText('Initializers').click();
  const weights = layer.locator('.sb-init').first();
  const from = weights.getByLabel('from', { exact: true });
  const to = weights.getByLabel('to', { exact: true });
  await to.fill('-3');
  await to.press('Enter');
  await expect(from).toHaveValue('-3');
  await expect(to).toHaveValue('-0.1');
  await expect(weights).toContainText('“to” −3 was below “from” −0.1: swapped');
  await expect(page).toHaveURL(/wi=u:-3:-0\.1(&|$)/);
  await from.fill('2');
  await from.press('Enter');
  await expect(from).toHaveValue('-0.1');
  await expect(to).toHaveValue('2');
  await expect(weights).toContainText('“from” 2 was above “to” −0.1: swapped');
  await expect(page).toHaveURL(/wi=u:-0\.1:2(&|$)/);
  // A change that keeps the order clears the note.
  await to.fill('1');
  await to.press('Enter');
  await expect(weights).not.toContainText('swapped');
  await expect(page).toHaveURL(/wi=u:-0\.1:1(&|$)/);
  // A preset replaces the bounds without an edit here: the note about the old ones goes too.
  await to.fill('-3');
  await to.press('Enter');
  await expect(weights).toContainText('swapped');
  await loadPreset(page, 'first-look');
  await expect(page).not.toHaveURL(/wi=u:-3:-0\.1/);
  await expect(weights).not.toContainText('swapped');
});

test('He initializer: its leaky slope is a control, kept in the link and clamped visibly', async ({
  page,
}) => {
  await openSandbox(page);
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

test('export then import a network: it carries on where it stopped, its loss curve too', async ({
  page,
}, testInfo) => {
  // A step schedule (every 300 examples), so the rate shows whether its clock came back too.
  await openSandbox(page, '#seed=11&h=6,5&act=tanh,leakyRelu&sched=step&every=300');
  await trainSandbox(page, '1,000', '1,000');
  const saved = await page.getByTestId('test-loss').textContent();
  const rate = await page.getByTestId('current-lr').textContent();
  const trainLoss = await page.getByTestId('train-loss').textContent();
  const curve = page.locator('.sb-loss path.series-train');
  const savedCurve = await curve.getAttribute('d');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export network' }).click();
  const file = testInfo.outputPath('network.json');
  await (await download).saveAs(file);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  expect(json.format).toBe('nn-lab-network');
  expect(json.params).toHaveLength(3);
  expect(typeof json.state).toBe('string');
  expect(json.history.length).toBeGreaterThan(1);

  // Change the network: another seed and more training.
  await page.getByRole('button', { name: 'New seed' }).click();
  await trainSandbox(page, '1,000', '1,000');
  await expect(page.getByTestId('test-loss')).not.toHaveText(saved ?? '');

  await page.getByTestId('import-file').setInputFiles(file);
  // The network in the page is trained: the import asks before it replaces it.
  await page
    .getByTestId('confirm-replace')
    .filter({ hasText: 'with the network in network.json' })
    .getByRole('button', { name: 'Replace it' })
    .click();
  // The whole trainer comes back: the count, the schedule's rate, the loss and its curve.
  const loaded = page.getByText(/Loaded network\.json/);
  await expect(loaded).toContainText('goes on where it stopped');
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await expect(page.getByTestId('seed')).toHaveValue('11');
  await expect(page.getByTestId('test-loss')).toHaveText(saved ?? 'missing');
  await expect(page.getByTestId('current-lr')).toHaveText(rate ?? 'missing');
  expect(rate).not.toBe('0.15'); // the clock did move: three halvings
  await expect(curve).toHaveAttribute('d', savedCurve ?? 'missing');
  await expect(page.getByTestId('train-loss')).toHaveText(trainLoss ?? 'missing');
  await trainSandbox(page, '1,000', '2,000');

  // A file with the weights only (an older one) still loads, and says the count starts again.
  const old = testInfo.outputPath('weights-only.json');
  writeFileSync(old, JSON.stringify({ ...json, state: undefined, history: undefined }));
  await page.getByTestId('import-file').setInputFiles(old);
  await page.getByTestId('confirm-replace').getByRole('button', { name: 'Replace it' }).click();
  const weightsOnly = page.getByText(/Loaded weights-only\.json/);
  await expect(weightsOnly).toContainText('1,000 examples');
  await expect(weightsOnly).toContainText('starts again from 0');
  await expect(page.getByTestId('examples')).toHaveText('0');
  await expect(page.getByTestId('test-loss')).toHaveText(saved ?? 'missing');
});

test('a file exported while training imports whole into other settings; a state that does not fit its weights is not used', async ({
  page,
}, testInfo) => {
  await openSandbox(page, '#seed=3&h=6,5&act=tanh,leakyRelu&lr=0.05');
  await page.getByRole('button', { name: /Play/ }).click();
  await expect
    .poll(async () => Number((await page.getByTestId('examples').textContent())?.replace(/,/g, '')))
    .toBeGreaterThan(5_000);
  // Exported while it trains: weights, state and count are taken together.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export network' }).click();
  const file = testInfo.outputPath('running.json');
  await (await download).saveAs(file);
  await page.getByRole('button', { name: /Pause/ }).click();
  const json = JSON.parse(readFileSync(file, 'utf8'));

  // Into the default sandbox, whose settings differ (a live-settings edit followed the import
  // and emptied the training-loss window before).
  await openSandbox(page);
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByText(/Loaded running\.json/)).toContainText('goes on where it stopped');
  await expect(page.getByTestId('examples')).toHaveText(json.examplesSeen.toLocaleString('en-US'));
  await expect(page.getByTestId('train-loss')).toHaveText(/\d/);
  await expect(page.getByTestId('current-lr')).toHaveText('0.05');

  // A state that belongs to other weights (one weight changed by hand) is left out.
  const edited = testInfo.outputPath('edited.json');
  json.params[0].weights[0][0] += 0.25;
  writeFileSync(edited, JSON.stringify(json));
  await page.getByTestId('import-file').setInputFiles(edited);
  await page.getByTestId('confirm-replace').getByRole('button', { name: 'Replace it' }).click();
  const loaded = page.getByText(/Loaded edited\.json/);
  await expect(loaded).toContainText('does not belong to its weights');
  await expect(page.getByTestId('examples')).toHaveText('0');
});

test('export while changes wait for a reset saves the network as built, and keeps the edits', async ({
  page,
}, testInfo) => {
  await openSandbox(page, '#seed=5&h=6&act=tanh');
  await trainSandbox(page, '1,000', '1,000');
  const trained = await page.getByTestId('test-loss').textContent();
  // A change that needs a rebuild, not applied: the weights were trained for a sigmoid output.
  await page.getByTestId('setting-out').selectOption('identity');
  await page.getByTestId('layer-1-units').fill('9');
  await page.getByTestId('layer-1-units').press('Enter');
  await expect(page.getByRole('button', { name: 'Apply and reset' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export network' }).click();
  const file = testInfo.outputPath('built.json');
  await (await download).saveAs(file);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const inFile = decodeState(json.settings).state;
  expect(inFile.outputActivation).toBe('sigmoid');
  expect(inFile.layers.map((l) => l.units)).toEqual([6]);
  expect(json.examplesSeen).toBe(1000);
  expect((await download).suggestedFilename()).toBe('nn-lab-network-6.json');
  await expect(page.getByText(/Network saved/)).toContainText('not in the file');
  // The edits are still there, still waiting.
  await expect(page.getByTestId('setting-out')).toHaveValue('identity');
  await expect(page.getByTestId('layer-1-units')).toHaveValue('9');
  await expect(page.getByRole('button', { name: 'Apply and reset' })).toBeVisible();

  // Loaded back, the network is the trained one: same settings, same loss.
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('confirm-replace').getByRole('button', { name: 'Replace it' }).click();
  await expect(page.getByText(/Loaded built\.json/)).toBeVisible();
  await expect(page.getByTestId('setting-out')).toHaveValue('sigmoid');
  await expect(page.getByTestId('test-loss')).toHaveText(trained ?? 'missing');
});

test('a new hidden layer copies the last one: its activation, neurons and initializers', async ({
  page,
}) => {
  await openSandbox(page, '#h=12,5&act=tanh,leakyRelu&ap=0.01,0.2&wi=u:-0.1:0.1,hn:0.2');
  await page.getByRole('button', { name: '+ Add a hidden layer' }).click();
  await expect(page.getByTestId('layer-3-activation')).toHaveValue('leakyRelu');
  await expect(page.getByTestId('layer-3-units')).toHaveValue('5');
  await expect(page).toHaveURL(/h=12,5,5/);
  await expect(page).toHaveURL(/act=tanh,leakyRelu,leakyRelu/);
  await expect(page).toHaveURL(/ap=0\.01,0\.2,0\.2/);
  await expect(page).toHaveURL(/wi=u:-0\.1:0\.1,hn:0\.2,hn:0\.2/);
  // With no hidden layer to copy, the first one is the usual 8 sigmoid neurons.
  await openSandbox(page, '#h=0');
  await page.getByRole('button', { name: '+ Add a hidden layer' }).click();
  await expect(page.getByTestId('layer-1-activation')).toHaveValue('sigmoid');
  await expect(page.getByTestId('layer-1-units')).toHaveValue('8');
});

test('a selected output neuron stays the output neuron when the network is rebuilt with another layer', async ({
  page,
}) => {
  await openSandbox(page, '#h=6,4');
  await page.getByRole('button', { name: /^output neuron/ }).click();
  const detail = page.getByTestId('neuron-detail');
  await expect(detail.getByRole('heading', { name: 'Output neuron' })).toBeVisible();
  await page.getByRole('button', { name: '+ Add a hidden layer' }).click();
  await page.getByRole('button', { name: 'Apply and reset' }).click();
  await expect(page).toHaveURL(/h=6,4,4/);
  // By its old index (layer 2) it would have become the new third hidden layer's first neuron.
  await expect(detail.getByRole('heading', { name: 'Output neuron' })).toBeVisible();
  await expect(detail.getByRole('heading', { name: /^Layer 3/ })).toHaveCount(0);
  // A hidden neuron that still exists stays selected, under its own name.
  await page.getByRole('button', { name: /^layer 2, neuron 3 / }).click();
  await page.getByTestId('layer-3-units').fill('2');
  await page.getByTestId('layer-3-units').press('Enter');
  await page.getByRole('button', { name: 'Apply and reset' }).click();
  await expect(detail.getByRole('heading', { name: 'Layer 2, neuron 3' })).toBeVisible();
});

test('a bad typed function and a bad file give clear errors and change nothing', async ({
  page,
}) => {
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  const lossBefore = await page.getByTestId('test-loss').textContent();

  await page.getByRole('radio', { name: /your own function/ }).check();
  const expression = page.getByTestId('expression');
  await expression.fill('sin(6*a');
  await expect(page.getByRole('alert').filter({ hasText: 'Expected “)”' })).toBeVisible();
  await expect(expression).toHaveAttribute('aria-invalid', 'true');
  await expression.fill('window.alert(1)');
  await expect(page.getByTestId('expression-message')).toContainText('Unknown name “window”');
  await page.getByRole('button', { name: 'Apply and reset' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'target function has an error' }),
  ).toBeVisible();
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await expression.fill('2*sin(6*a)*cos(6*b)');
  await expect(page.getByTestId('expression-message')).toContainText('outside [0, 1]');
  await expect(expression).toHaveAttribute('aria-invalid', 'false');
  // Finer than its samples: said, beside the rest (and not only under a sigmoid output).
  await expression.fill('0.5+0.5*sin(200*pi*a)');
  await expect(page.getByTestId('expression-message')).toContainText(
    'It changes faster than its 257 × 257 samples',
  );
  await expression.fill('2*sin(6*a)*cos(6*b)');
  await expect(page.getByTestId('expression-message')).not.toContainText('changes faster');

  await page.getByTestId('import-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'nn-lab-network',
        version: 1,
        settings: 'h=3',
        examplesSeen: 0,
        params: [],
      }),
    ),
  });
  await expect(page.getByTestId('file-error')).toContainText('2 layers of weights');
  await expect(page.getByTestId('file-error')).toContainText('unchanged');
  await page.getByTestId('import-file').setInputFiles({
    name: 'junk.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{not json'),
  });
  await expect(page.getByTestId('file-error')).toContainText('not valid JSON');
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await expect(page.getByTestId('test-loss')).toHaveText(lossBefore ?? 'missing');
});

test('the 3D surface loads on demand and rotates with the keyboard; the probe reads values', async ({
  page,
}) => {
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await page.getByRole('radio', { name: '3D surface' }).check();
  const surface = page.getByRole('img', { name: /3D surface/ });
  await expect(surface).toBeVisible();
  await expect.poll(async () => canvasSignature(page, '.surface3d')).not.toMatch(/:0$/);
  const before = await canvasSignature(page, '.surface3d');
  await surface.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => canvasSignature(page, '.surface3d')).not.toBe(before);
  // A theme switch redraws it in the new ink (its box and labels stayed dark on dark before).
  const rotated = await canvasSignature(page, '.surface3d');
  await page.locator('[data-theme-toggle]').click();
  await expect.poll(async () => canvasSignature(page, '.surface3d')).not.toBe(rotated);
  // Back to the heatmap: keyboard focus and arrows move the probe, which reads a, b and output.
  await page.getByRole('radio', { name: 'Output' }).check();
  await page.getByTestId('response-output').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('response-output').getByRole('status')).toContainText(
    /a 0\.52, b 0\.50.*output \d\.\d{3}.*target/,
  );
});

test('a checked tab with keyboard focus shows it, in both themes', async ({ page }) => {
  // The focus ring's colour is the checked tab's background colour: a checked tab with keyboard
  // focus looked exactly like one without it.
  await openSandbox(page);
  /** The focused radio's tab: its ring, its background, and its group's ring. */
  const look = () =>
    page.evaluate(() => {
      const input = document.activeElement as HTMLInputElement;
      const span = getComputedStyle(input.nextElementSibling!);
      const group = getComputedStyle(input.closest('.sb-tabs')!);
      const ring = (s: CSSStyleDeclaration) =>
        s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? 'none' : s.outlineColor;
      return {
        checked: input.checked,
        focusVisible: input.matches(':focus-visible'),
        tabRing: ring(span),
        tabBackground: span.backgroundColor,
        groupRing: ring(group),
        groupOffset: parseFloat(group.outlineOffset),
        card: getComputedStyle(input.closest('.sb-card')!).backgroundColor,
      };
    });
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await page.locator('[data-theme-toggle]').click();
    for (const [first, second] of [
      ['Output', 'Target'],
      ['Response over the square', 'Value at one point'],
    ]) {
      // With the keyboard, as a reader would: to the next tab and back.
      await page.getByRole('radio', { name: first }).focus();
      await page.keyboard.press('ArrowRight');
      await expect(page.getByRole('radio', { name: second })).toBeChecked();
      await page.keyboard.press('ArrowLeft');
      await expect(page.getByRole('radio', { name: first })).toBeFocused();
      const focused = await look();
      const where = `${theme}, ${first}`;
      expect(focused.checked, where).toBe(true);
      expect(focused.focusVisible, where).toBe(true);
      // A ring inside the checked tab, in another colour than its fill…
      expect(focused.tabRing, where).not.toBe('none');
      expect(focused.tabRing, where).not.toBe(focused.tabBackground);
      // …and one around the group, outside it, in another colour than the card behind.
      expect(focused.groupRing, where).not.toBe('none');
      expect(focused.groupRing, where).not.toBe(focused.card);
      expect(focused.groupOffset, where).toBeGreaterThan(0);
      // Neither while focus is elsewhere.
      await page.getByTestId('play').focus();
      await page.getByRole('radio', { name: first }).evaluate((input) => {
        const span = getComputedStyle(input.nextElementSibling!);
        const group = getComputedStyle(input.closest('.sb-tabs')!);
        if (span.outlineStyle !== 'none' || group.outlineStyle !== 'none')
          throw new Error('a focus ring without focus');
      });
    }
  }
});

test('generated hostile or broken hashes load without an error, with a notice', async ({
  page,
}) => {
  let seed = 99;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const keys = [
    'lr',
    'h',
    'act',
    'wi',
    'seed',
    'expr',
    'target',
    'opt',
    'batch',
    'zz',
    '__proto__',
  ];
  const values = [
    'NaN',
    '-1',
    '1e999',
    '%E0%A4%A',
    '<img src=x onerror=alert(1)>',
    'relu,,',
    '999,999,999',
    'u:9:1',
    'constructor',
    '',
  ];
  const hashes = ['#' + 'x'.repeat(100_000), '#%', '#&&&==', '#h=' + '8,'.repeat(40)];
  for (let n = 0; n < 8; n++) {
    hashes.push(
      '#' +
        Array.from(
          { length: 1 + Math.floor(rand() * 5) },
          () =>
            `${keys[Math.floor(rand() * keys.length)]}=${values[Math.floor(rand() * values.length)]}`,
        ).join('&'),
    );
  }
  for (const hash of hashes) {
    await page.goto('/');
    await openSandbox(page, hash);
    await expect(page.getByTestId('url-notices'), hash.slice(0, 60)).toBeVisible();
    // Whatever survived, a network was built and drawn: its output neuron is there.
    await expect(page.getByRole('button', { name: /^output neuron/ })).toBeVisible();
  }
});

test('the value-at-one-point view has a legend: its colour bars and each layer’s scale in numbers', async ({
  page,
}) => {
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await page.getByRole('radio', { name: 'Value at one point' }).check();
  const legend = page.getByTestId('point-legend');
  await expect(legend).toContainText(
    /layer 1 from −[\d.]+ to [\d.]+; layer 2 from −[\d.]+ to [\d.]+\./,
  );
  await expect(legend).toContainText('output: 0 (dark purple) to 1 (yellow)');
  // The scale it quotes for layer 1 is the largest |value| there (at least 1), as drawn.
  const quoted = Number((await legend.innerText()).match(/layer 1 from −([\d.]+)/)![1]);
  const labels = await page
    .getByRole('button', { name: /^layer 1, neuron \d+ .*; value / })
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? ''));
  const largest = Math.max(
    1,
    ...labels.map((l) => Math.abs(Number(l.match(/; value (\S+) at/)![1].replace(/−/g, '-')))),
  );
  expect(quoted).toBeCloseTo(Number(largest.toPrecision(2)), 6);
});

test('the picked point stays marked on the response once the probe has gone', async ({ page }) => {
  await openSandbox(page);
  const plot = page.getByTestId('response-output');
  const marker = plot.locator('.picked-point g');
  await expect(marker).toHaveCount(0);
  await plot.focus();
  // From the middle: three steps right and one up (0.02 each), then Enter picks it.
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowUp', 'Enter'])
    await page.keyboard.press(key);
  await expect(page.getByText('Picked point: a 0.56, b 0.52.')).toBeVisible();
  await page.getByRole('button', { name: 'Train 1', exact: true }).focus(); // the probe goes
  await expect(plot.locator('.probe-cross')).toBeHidden();
  await expect(marker).toHaveCount(1);
  // Where it was picked: a 0.56 from the left, b 0.52 from the bottom of the square.
  const at = await marker.evaluate((g) => {
    const square = g.closest('.heatmap')!.querySelector('canvas')!;
    const box = square.getBoundingClientRect();
    const mark = g.getBoundingClientRect();
    const cx = mark.left + mark.width / 2;
    const cy = mark.top + mark.height / 2;
    return [(cx - box.left) / box.width, 1 - (cy - box.top) / box.height];
  });
  expect(at[0]).toBeCloseTo(0.56, 2);
  expect(at[1]).toBeCloseTo(0.52, 2);
  // The target and error maps mark it too.
  await page.getByRole('radio', { name: 'Target' }).check();
  await expect(page.getByTestId('response-target').locator('.picked-point g')).toHaveCount(1);
  await page.getByRole('radio', { name: 'Error' }).check();
  await expect(page.getByTestId('response-error').locator('.picked-point g')).toHaveCount(1);
});

test('the Target view draws the target, which training does not change and another target does', async ({
  page,
}) => {
  await openSandbox(page);
  const picture = (view: string) => page.getByTestId(view).locator('div[role="img"]');
  await page.getByRole('radio', { name: 'Target' }).check();
  await expect(page.getByTestId('response-target')).toBeVisible();
  await expect(picture('response-target')).toHaveAttribute('aria-label', /^target \(lines at/);
  const target = await picture('response-target').getAttribute('aria-label');
  const pixels = await canvasSignature(page, '[data-testid="response-target"] canvas');
  await page.getByRole('radio', { name: 'Output' }).check();
  const untrained = await picture('response-output').getAttribute('aria-label');
  await trainSandbox(page, '1,000', '1,000');
  await expect(picture('response-output')).not.toHaveAttribute('aria-label', untrained!);
  await page.getByRole('radio', { name: 'Target' }).check();
  await expect(picture('response-target')).toHaveAttribute('aria-label', target!);
  expect(await canvasSignature(page, '[data-testid="response-target"] canvas')).toBe(pixels);
  // Another target function, applied: another picture.
  await page.getByRole('radio', { name: /circle/ }).check();
  await page.getByRole('button', { name: 'Apply and reset' }).click();
  await expect(picture('response-target')).not.toHaveAttribute('aria-label', target!);
});

test('no serious or critical accessibility violations (axe), with a neuron open', async ({
  page,
}) => {
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await page.getByRole('button', { name: /^layer 2, neuron 5 / }).click();
  await page.getByRole('radio', { name: /your own function/ }).check();
  await page.getByRole('radio', { name: 'Value at one point' }).check();
  expect(await seriousViolations(page)).toEqual([]);
});

for (const [width, height] of [
  [1280, 900],
  [390, 844],
] as const) {
  test(`screenshot at ${width}×${height}, with no horizontal scroll`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width, height });
    await openSandbox(page);
    await trainSandbox(page, '100,000', '100,000');
    await page.getByRole('button', { name: /^layer 1, neuron 2 / }).click();
    await expect(page.getByTestId('neuron-detail')).toBeVisible();
    const [scrollWidth, innerWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.screenshot({ path: testInfo.outputPath(`sandbox-${width}.png`), fullPage: true });
    await page.screenshot({ path: `test-results/sandbox-${width}.png`, fullPage: true });
  });
}

test('target names at 390 px: no word split across lines, the expression on one line', async ({
  page,
}) => {
  // "checkerboar/d" broke mid-word, and "a > 0.5 || b > a" left a lone "a" on its second line.
  await page.setViewportSize({ width: 390, height: 844 });
  await openSandbox(page);
  const names = await page.locator('.sb-target__name').evaluateAll((list) =>
    list.map((el) => {
      const text = el.firstChild as Text;
      const lines = (from: number, to: number) => {
        const range = document.createRange();
        range.setStart(text, from);
        range.setEnd(text, to);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      };
      let at = 0;
      const split = text.data
        .split(' ')
        .filter((word) => {
          const start = text.data.indexOf(word, at);
          at = start + word.length;
          return lines(start, at) > 1;
        })
        .join(', ');
      return {
        name: text.data,
        split,
        lines: lines(0, text.data.length),
        overflows: el.scrollWidth > el.clientWidth,
      };
    }),
  );
  expect(names.length).toBe(16);
  for (const n of names) {
    expect(n.split, `${n.name}: words split across lines`).toBe('');
    expect(n.overflows, `${n.name}: wider than its box`).toBe(false);
    expect(n.lines, n.name).toBeLessThanOrEqual(2);
  }
  expect(names.find((n) => n.name === 'a > 0.5 || b > a')?.lines).toBe(1);
});

test.describe('on a touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the network graph keeps a wide layer’s neurons 24 px apart for a finger, in a taller graph rather than a sideways scroll', async ({
    page,
  }) => {
    await openSandbox(page, '#seed=1&h=256&act=relu');
    const cells = page.getByRole('button', { name: /^layer 1, neuron \d+/ });
    await expect(cells).toHaveCount(256);
    const boxes = await cells.evaluateAll((list) =>
      list.map((b) => {
        const r = b.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }),
    );
    let closest = Infinity;
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        closest = Math.min(closest, Math.hypot(boxes[i].x - boxes[j].x, boxes[i].y - boxes[j].y));
    // WCAG 2.2, 2.5.8: targets whose 24 px circles do not overlap (with a mouse they are 15 px).
    expect(closest).toBeGreaterThanOrEqual(24);
    // Every neuron is on the screen's width: none is reached only by scrolling the graph sideways.
    const right = Math.max(...boxes.map((b) => b.x));
    expect(right).toBeLessThan(390);
    await cells.nth(100).tap();
    await expect(cells.nth(100)).toHaveAttribute('aria-pressed', 'true');
  });

  test('a graph too wide for the screen says so, and says where the rest is as it is scrolled', async ({
    page,
  }) => {
    await openSandbox(
      page,
      '#seed=1&h=8,8,8,8,8,8,8,8&act=relu,relu,relu,relu,relu,relu,relu,relu',
    );
    const frame = page.locator('.neuron-grid-frame').first();
    const graph = frame.locator('.neuron-grid');
    const hint = frame.locator('.neuron-grid-hint');
    // Ten columns of cells 24 px apart do not fit in 390 px: the graph scrolls in its box.
    expect(await graph.evaluate((g) => g.scrollWidth - g.clientWidth)).toBeGreaterThan(20);
    await expect(hint).toHaveText('More of the graph to the right: swipe it →');
    await expect(frame.locator('.neuron-grid-frame__edge--end')).toHaveCSS('opacity', '1');
    await expect(frame.locator('.neuron-grid-frame__edge--start')).toHaveCSS('opacity', '0');
    await graph.evaluate((g) => g.scrollTo({ left: g.scrollWidth, behavior: 'instant' }));
    await expect(hint).toHaveText('← More of the graph to the left: swipe it back');
    await expect(frame.locator('.neuron-grid-frame__edge--start')).toHaveCSS('opacity', '1');
    await expect(frame.locator('.neuron-grid-frame__edge--end')).toHaveCSS('opacity', '0');
    // A graph that fits says nothing.
    await page.goto('about:blank');
    await openSandbox(page, '#seed=1&h=4&act=relu');
    await expect(page.getByRole('button', { name: /^layer 1, neuron \d+/ })).toHaveCount(4);
    await expect(page.locator('.neuron-grid-hint').first()).toBeHidden();
  });
});

test('a long test-loss reading shows its progress while the page waits, and the reading ends it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // 8 × 256 with 100,000 test points: one reading takes seconds (minutes on the scalar build),
  // and no snapshot comes meanwhile.
  await page.goto(
    `/sandbox/#seed=1&h=${Array(8).fill(256).join(',')}&act=${Array(8).fill('relu').join(',')}&data=fixed&ntest=100000`,
  );
  const note = page.getByTestId('long-call');
  await expect(note).toContainText('Reading the test loss over 100,000 points');
  // Its moving numbers are not in a live region; the status line says once what is going on.
  expect(await note.evaluate((el) => el.closest('[aria-live], [role="status"]'))).toBeNull();
  await expect(
    page.getByRole('status').filter({ hasText: 'Reading the test loss over' }),
  ).toHaveText('Reading the test loss over 100,000 points…');
  // It goes in parts, and the bar moves as they are read.
  const bar = note.locator('progress');
  await expect(bar).toHaveAttribute('max', '100000');
  await expect
    .poll(async () => Number(await bar.getAttribute('value')), { timeout: 100_000 })
    .toBeGreaterThan(0);
  // The bar and the words agree (read together: both move every quarter of a second).
  const [done, words] = await note.evaluate((el) => [
    Number(el.querySelector('progress')!.getAttribute('value')),
    el.querySelector('[data-testid="long-call-done"]')!.textContent,
  ]);
  expect(done).toBeLessThan(100_000);
  expect(words).toBe(Number(done).toLocaleString('en-US'));
  await expect(note).toBeHidden({ timeout: 100_000 });
  await expect(page.getByTestId('test-loss')).toHaveText(/\d/);
});

test('the plot probe speaks when the reader moves it, not at every snapshot while training', async ({
  page,
}) => {
  await openSandbox(page, '#seed=3&h=6,5&act=tanh,leakyRelu');
  const plot = page.getByLabel(/^Network output over the input square/);
  const examples = async () =>
    Number((await page.getByTestId('examples').textContent())?.replace(/,/g, ''));
  await page.getByRole('button', { name: /Play/ }).click();
  await expect.poll(examples).toBeGreaterThan(5_000);
  // The probe shows while the plot has focus; count the changes of its live region meanwhile.
  await plot.focus();
  const spoken = plot.getByRole('status');
  await expect(spoken).toHaveText(/^a 0\.50, b 0\.50/);
  await spoken.evaluate((el) => {
    const w = window as unknown as { __spoken: number };
    w.__spoken = 0;
    new MutationObserver(() => w.__spoken++).observe(el, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  const from = await examples();
  await expect.poll(examples).toBeGreaterThan(from + 20_000);
  await page.waitForTimeout(1_000);
  // About 30 snapshots a second redrew it before, each one spoken.
  const changes = await page.evaluate(() => (window as unknown as { __spoken: number }).__spoken);
  expect(changes).toBe(0);
  // A move of the probe is spoken.
  await page.keyboard.press('ArrowRight');
  await expect(spoken).toHaveText(/^a 0\.52, b 0\.50/);
  await page.getByRole('button', { name: /Pause/ }).click();
});

test('a focused neuron keeps its name while the network trains, and its tooltip is not read as a description', async ({
  page,
}) => {
  await openSandbox(page, '#seed=3&h=6,5&act=tanh,leakyRelu');
  const neuron = page.getByRole('button', { name: /^layer 1, neuron 1 / });
  // The tooltip repeats the name; screen readers read a title as the description, twice over.
  await expect(neuron).toHaveAccessibleDescription('');
  await expect(neuron).toHaveAttribute('title', /^layer 1, neuron 1 /);
  const examples = async () =>
    Number((await page.getByTestId('examples').textContent())?.replace(/,/g, ''));
  await page.getByRole('button', { name: /Play/ }).click();
  await expect.poll(examples).toBeGreaterThan(5_000);
  await neuron.focus();
  await neuron.evaluate((el) => {
    const w = window as unknown as { __renamed: number; __retitled: number };
    w.__renamed = 0;
    w.__retitled = 0;
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.attributeName === 'aria-label') w.__renamed++;
        else w.__retitled++;
      }
    }).observe(el, { attributeFilter: ['aria-label', 'title'] });
  });
  const from = await examples();
  await expect.poll(examples).toBeGreaterThan(from + 30_000);
  await page.waitForTimeout(1_000);
  // Its range changed while it trained (the tooltip follows), but the name it is read by did not.
  const { renamed, retitled } = await page.evaluate(() => {
    const w = window as unknown as { __renamed: number; __retitled: number };
    return { renamed: w.__renamed, retitled: w.__retitled };
  });
  // It did change meanwhile (else the test would prove nothing): its tooltip followed.
  expect(retitled).toBeGreaterThan(0);
  expect(renamed).toBe(0);
  await page.getByRole('button', { name: /Pause/ }).click();
  // Once focus leaves it, it takes the current description as its name (read together: the
  // snapshot that follows the pause may still change both).
  await expect
    .poll(() => neuron.evaluate((el) => el.getAttribute('aria-label') === el.getAttribute('title')))
    .toBe(true);
});

test('the graph’s key says when only the selected neuron’s weights are drawn', async ({ page }) => {
  await openSandbox(page);
  const key = page.getByTestId('dead-summary');
  await expect(key).toContainText('Lines: weights (blue solid positive');
  // 2 × 64 + 64 × 32 + 32 × 16 + 16 × 8 + 8 = 2,824 weights: more than the graph draws.
  await reopenSandbox(page, '#h=64,32,16,8');
  await expect(key).toContainText(
    'Lines: the selected neuron’s weights only, since this network has too many (2,824)',
  );
});

test('settings explain their jargon in a help line that their controls name as description', async ({
  page,
}) => {
  const helpOf = (key: Parameters<typeof setting>[0], value: unknown = null) =>
    settingHelp(setting(key), value);
  await openSandbox(page);
  // A number: the help is seen under it and read with it.
  const batch = page.getByRole('textbox', { name: 'Batch size', exact: true });
  await expect(batch).toHaveAccessibleDescription(helpOf('batchSize'));
  await expect(page.getByText(helpOf('batchSize'))).toBeVisible();
  // A typed note and the help are read together; the help stays once the note has gone.
  await batch.fill('2.5');
  await batch.press('Enter');
  await expect(batch).toHaveAccessibleDescription(
    `Whole numbers only: rounded to 3. ${helpOf('batchSize')}`,
  );
  // A menu: the line follows the choice.
  const optimizer = page.getByRole('combobox', { name: 'Optimizer' });
  await expect(optimizer).toHaveAccessibleDescription(helpOf('optimizer', 'sgd'));
  await optimizer.selectOption('adam');
  await expect(optimizer).toHaveAccessibleDescription(helpOf('optimizer', 'adam'));
  await expect(page.getByText(helpOf('optimizer', 'sgd'))).toHaveCount(0);
  await expect(page.getByText(helpOf('optimizer', 'adam'))).toBeVisible();
  // A checkbox: the output bias says the original had none.
  const bias = page.getByRole('checkbox', { name: 'Output bias' });
  await expect(bias).toHaveAccessibleDescription(/The original sandbox’s output had none/);
  await expect(page.getByText(helpOf('outputBias'))).toBeVisible();
  // The data mode, the regularization group.
  const examples = page.getByRole('combobox', { name: 'Examples' });
  await examples.selectOption('fixed');
  await expect(examples).toHaveAccessibleDescription(helpOf('dataMode', 'fixed'));
  await page.getByText('Regularization').click();
  await expect(page.getByText(GROUP_HELP.regularization)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'L2', exact: true })).toHaveAccessibleDescription(
    helpOf('l2'),
  );
  // The seed, a leaky layer's slope, the initializers and the fast activations.
  await expect(page.getByTestId('seed')).toHaveAccessibleDescription(helpOf('seed'));
  await expect(
    page.getByRole('textbox', { name: 'Negative slope' }).first(),
  ).toHaveAccessibleDescription(/slope for negative inputs/);
  await page.getByText('Initializers').first().click();
  await expect(page.getByText(GROUP_HELP.initializers).first()).toBeVisible();
  await expect(
    page.getByRole('checkbox', { name: 'Fast approximate activations (live)' }),
  ).toHaveAccessibleDescription(helpOf('fastMath'));
  // The test loss says what it is read on.
  await expect(page.locator('.sb-stats__test')).toHaveText(/^test loss \(test set\)/);
  await examples.selectOption('fresh');
  await expect(page.locator('.sb-stats__test')).toHaveText(/^test loss \(64×64 grid\)/);
});

test('with reduced motion, training redraws the plots at most once a second', async ({ page }) => {
  // The sandbox ignored prefers-reduced-motion: playing redrew its plots about 18 times a
  // second; the lessons draw once a second in that mode.
  const frames = async () =>
    Number((await page.locator('.sandbox').getAttribute('data-plot-frames')) ?? 0);
  const play = page.getByTestId('play');
  /** Plot frames drawn while playing for about 3 s, and the seconds measured. */
  const playing = async () => {
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    // Past the first frames of the run.
    await page.waitForTimeout(500);
    const before = await frames();
    const start = Date.now();
    await page.waitForTimeout(3000);
    const drawn = (await frames()) - before;
    const seconds = (Date.now() - start) / 1000;
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    return { drawn, seconds };
  };
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openSandbox(page);
  const reduced = await playing();
  expect(reduced.drawn).toBeGreaterThanOrEqual(1);
  expect(reduced.drawn).toBeLessThanOrEqual(Math.ceil(reduced.seconds) + 1);
  // At rest the pause is drawn at once, whatever the mode.
  await expect(page.getByTestId('rate')).toHaveText('—');
  // Without it, every animation frame that has a new snapshot.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const normal = await playing();
  expect(normal.drawn).toBeGreaterThan(2 * reduced.drawn);
});

test('the status line says once what a Train job and a reset did', async ({ page }) => {
  // It said "Training…" then "Paused.": a screen reader heard no result.
  await openSandbox(page);
  const status = page.locator('.sb-run .visually-hidden[role="status"]');
  await expect(status).toHaveText('Paused.');
  // Every text the line takes, in order.
  await status.evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { statusSeen: string[] }).statusSeen = seen;
    new MutationObserver(() => {
      const text = el.textContent ?? '';
      if (seen.at(-1) !== text) seen.push(text);
    }).observe(el, { childList: true, subtree: true, characterData: true });
  });
  const seen = () =>
    page.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen);
  await trainSandbox(page, '1,000', '1,000');
  const loss = await page.getByTestId('test-loss').textContent();
  await expect(status).toHaveText(`Trained 1,000 examples: test loss ${loss}.`);
  // Once, with nothing between the job and its result.
  expect(await seen()).toEqual(['Training…', `Trained 1,000 examples: test loss ${loss}.`]);
  await page.getByTestId('reset').click();
  await expect(status).toHaveText('Network reset, seed 1.');
  // A second reset is said again: the line is written anew.
  await status.evaluate((el) => ((el.firstChild as Node & { old?: boolean }).old = true));
  await page.getByTestId('reset').click();
  await expect
    .poll(() => status.evaluate((el) => !(el.firstChild as Node & { old?: boolean }).old))
    .toBe(true);
  await expect(status).toHaveText('Network reset, seed 1.');
  await page.getByRole('button', { name: 'New seed' }).click();
  await expect(page.getByTestId('seed')).not.toHaveValue('1');
  const seed = await page.getByTestId('seed').inputValue();
  await expect(status).toHaveText(`Network reset, seed ${seed}.`);
  // One example is "1 example".
  await trainSandbox(page, '1', '1');
  await expect(status).toHaveText(/^Trained 1 example: test loss /);
  // Another network (a preset, over the trained one): nothing said of the last one stays.
  await loadPreset(page, 'original-default');
  await page.getByRole('button', { name: 'Replace it' }).click();
  await expect(page.getByTestId('examples')).toHaveText('0');
  await expect(status).not.toHaveText(/^Trained/);
});

test('Play, Pause and Stop are named by their word, not by their glyph', async ({ page }) => {
  // Their names were "▶ Play", "❚❚ Pause" and "■ Stop": the glyphs were read out too.
  await openSandbox(page, '#h=128,128');
  const play = page.getByTestId('play');
  await expect(play).toHaveAccessibleName('Play');
  await expect(play).toHaveText('▶ Play');
  await play.click();
  await expect(play).toHaveAccessibleName('Pause');
  await expect(play).toHaveText('❚❚ Pause');
  await play.click();
  await expect(play).toHaveAccessibleName('Play');
  await page.getByRole('button', { name: 'Train 1,000,000', exact: true }).click();
  await expect(play).toHaveAccessibleName('Stop');
  await expect(play).toHaveText('■ Stop');
  await play.click();
  await expect(play).toHaveAccessibleName('Play');
});

test('a Train job moves nothing on the page: Play becomes Stop, and the progress bar has its row', async ({
  page,
}) => {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await openSandbox(page, '#h=128,128');
    const plots = page.getByTestId('response-output');
    const reset = page.getByTestId('reset');
    const where = async () => {
      const [p, r] = await Promise.all([plots.boundingBox(), reset.boundingBox()]);
      return [p!.y, r!.x, r!.y];
    };
    const before = await where();
    await page.getByRole('button', { name: 'Train 1,000,000', exact: true }).click();
    const bar = page.getByTestId('job-progress');
    await expect(bar).toBeVisible();
    const play = page.getByTestId('play');
    await expect(play).toHaveText('■ Stop');
    expect(await where()).toEqual(before);
    // It stops the job.
    await play.click();
    await expect(play).toHaveText('▶ Play');
    await expect(bar).toBeHidden();
    await expect(page.getByTestId('examples')).not.toHaveText('1,000,000');
    expect(await where()).toEqual(before);
  }
});

test('on a phone, settings applied from their own bar offer the way back up to Play', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openSandbox(page);
  await page.getByRole('radio', { name: /circle/ }).check();
  const bar = page.getByTestId('apply-settings');
  await expect(bar).toBeInViewport();
  await bar.getByRole('button', { name: 'Apply and reset' }).click();
  await expect(page).toHaveURL(/target=circle/);
  const back = page.getByTestId('applied-settings').getByRole('button', { name: '↑ Go to Play' });
  await expect(back).toBeFocused();
  await expect(page.getByTestId('play')).not.toBeInViewport();
  await back.click();
  await expect(page.getByTestId('play')).toBeInViewport();
  await expect(page.getByTestId('play')).toBeFocused();
  await expect(page.getByTestId('applied-settings')).toHaveCount(0);
});

test('a link whose typed function cannot be read builds no network, and nothing pretends there is one', async ({
  page,
}) => {
  // No test-loss number arrives (there is no network): openSandbox's wait does not apply.
  await page.goto('/sandbox/#target=custom&expr=1%2F0');
  await expect(page.locator('.sandbox')).toHaveAttribute('data-ready', 'true');
  await expect(
    page.getByRole('alert').filter({ hasText: 'target function has an error' }),
  ).toBeVisible();
  await expect(page.getByTestId('play')).toBeDisabled();
  for (const n of ['1', '1,000', '100,000', '1,000,000'])
    await expect(page.getByRole('button', { name: `Train ${n}`, exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Export network' })).toBeDisabled();
  // A neuron or a point chosen meanwhile asks the engine nothing (the fixture fails the test on
  // a page error: "engine: not configured").
  await page.getByRole('button', { name: /^layer 1, neuron 1\b/ }).click();
  await page.getByRole('radio', { name: 'Value at one point' }).check();
  // Fixed and applied: a network, and the controls work.
  await page.getByTestId('expression').fill('a*b');
  await page.getByRole('button', { name: 'Apply and reset' }).first().click();
  await expect(page.getByTestId('play')).toBeEnabled();
  await trainSandbox(page, '1,000', '1,000');
});

test('a diverged network’s huge values read compactly in a neuron’s detail, and its colour key’s labels never overlap', async ({
  page,
}) => {
  await openSandbox(
    page,
    '#h=256,256,256&act=identity,identity,identity&out=identity&lr=10&wi=n:0:5,n:0:5,n:0:5',
  );
  await page.getByRole('button', { name: 'Train 1,000', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Train 1', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: /^layer 2, neuron 1 / }).click();
  const detail = page.getByTestId('neuron-detail');
  const ticks = detail.locator('svg.legend .tick text');
  // The key has left its first scale, −1 to 1, for the neuron's own.
  await expect(ticks.first()).not.toHaveText('−1');
  // Left to right, each label ends before the next begins.
  const boxes = await ticks.evaluateAll((nodes) =>
    nodes.map((n) => n.getBoundingClientRect()).map((r) => [r.left, r.right]),
  );
  expect(boxes.length).toBeGreaterThan(1);
  for (let i = 1; i < boxes.length; i++) expect(boxes[i][0]).toBeGreaterThan(boxes[i - 1][1]);
  await expect(ticks.first()).toHaveText(/^−\d(\.\d+)?e\d+$/);
  // No run of digits anywhere in the detail: every large value is written as "−1.1e20".
  await expect(page.getByTestId('neuron-status')).toHaveText(/outputs from −?\d(\.\d+)?e\d+ to/);
  expect(await detail.textContent()).not.toMatch(/\d{6}|\d,\d{3}/);
  // Each incoming weight's value whole inside the detail, not cut at its edge.
  const right = (await detail.boundingBox())!;
  const values = detail.locator('.sb-bar__value');
  await expect(values.first()).toHaveText(/^−?\d(\.\d+)?e\d+$/);
  for (const box of await values.evaluateAll((nodes) =>
    nodes.slice(0, 20).map((n) => [n.getBoundingClientRect().right, n.scrollWidth - n.clientWidth]),
  )) {
    expect(box[0]).toBeLessThanOrEqual(right.x + right.width);
    expect(box[1]).toBeLessThanOrEqual(0);
  }
});

test('the learning-rate box shows the rate in use exactly, as it can be typed back', async ({
  page,
}) => {
  await openSandbox(page);
  const rate = page.getByTestId('learning-rate');
  for (const typed of ['0.0001234', '0.123456', '0.00001', '2e-5']) {
    await rate.fill(typed);
    await rate.press('Enter');
    await expect(rate).toHaveValue(typed === '2e-5' ? '0.00002' : typed);
  }
  // Refused entries put back the same text as before, not another format of it.
  await rate.fill('x');
  await rate.press('Enter');
  await expect(rate).toHaveValue('0.00002');
  await expect(page.getByText('Not a number; kept 0.00002.')).toBeVisible();
  await rate.fill('0.123456');
  await rate.press('Enter');
  await rate.fill('');
  await rate.press('Enter');
  await expect(rate).toHaveValue('0.123456');
  // The readout of the rate in use keeps its rounded form.
  await expect(page.getByTestId('current-lr')).toHaveText('0.1235');
});

test('a saved network this engine cannot read is removed with a plain message, not offered again', async ({
  page,
}) => {
  const sandbox = page.locator('.sandbox');
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await expect(sandbox).toHaveAttribute('data-saved-examples', '1000');
  // As a later version of the engine would have saved it: another snapshot version.
  await rewriteSavedSession(page, 'next-version');
  await reloadSandbox(page);
  await page.getByRole('button', { name: 'Continue from there' }).click();
  await expect(
    page.getByRole('alert').filter({
      hasText:
        'The network saved in your browser could not be read back (it was saved by another version of NN Lab), so it was removed.',
    }),
  ).toBeVisible();
  await expect(page.getByTestId('resume')).toHaveCount(0);
  await expect(page.getByTestId('examples')).toHaveText('0');
  await expect(sandbox).toHaveAttribute('data-saved-examples', '-1');
  // The next visit offers nothing, and the network trains on.
  await reloadSandbox(page);
  await expect(page.getByTestId('resume')).toHaveCount(0);
  await trainSandbox(page, '1,000', '1,000');
});

test('a saved network is not overwritten by a run trained while it is offered, until the reader chooses', async ({
  page,
}) => {
  const sandbox = page.locator('.sandbox');
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await trainSandbox(page, '1,000', '2,000');
  await expect(sandbox).toHaveAttribute('data-saved-examples', '2000');
  // Back, the offer ignored, a shorter run trained: the offer stays, and says what it replaces.
  await reloadSandbox(page);
  const offer = page.getByTestId('resume');
  await trainSandbox(page, '1,000', '1,000');
  await expect(offer.getByTestId('resume-examples')).toHaveText('2,000');
  await expect(offer).toContainText('Continuing it replaces the one trained here since (1,000');
  await reloadSandbox(page);
  await expect(offer.getByTestId('resume-examples')).toHaveText('2,000');
  // Kept by choice: the run here takes its place.
  await trainSandbox(page, '1,000', '1,000');
  await offer.getByRole('button', { name: 'Keep this one' }).click();
  await expect(offer).toHaveCount(0);
  await expect(sandbox).toHaveAttribute('data-saved-examples', '1000');
  await reloadSandbox(page);
  await expect(offer.getByTestId('resume-examples')).toHaveText('1,000');
  // Continued: the saved one replaces the run here.
  await trainSandbox(page, '1', '1');
  await offer.getByRole('button', { name: 'Continue from there' }).click();
  await expect(page.getByTestId('examples')).toHaveText('1,000');
});

test('a link with a broken typed function, opened over a trained network, keeps it without asking', async ({
  page,
}) => {
  await openSandbox(page);
  await trainSandbox(page, '1,000', '1,000');
  await page.evaluate(() => {
    location.hash = 'target=custom&expr=1%2F0';
  });
  await expect(
    page.getByRole('alert').filter({ hasText: 'target function has an error' }),
  ).toBeVisible();
  // Nothing asked (no training would be lost), the network trained on stays and can train on.
  await expect(page.getByTestId('confirm-replace')).toHaveCount(0);
  await expect(page.getByTestId('examples')).toHaveText('1,000');
  await expect(page.getByTestId('reset')).toHaveText('Apply and reset');
  await expect(page.getByTestId('url-notices')).toContainText(
    'Some settings in the link could not be used as given:',
  );
  await trainSandbox(page, '1,000', '2,000');
});

test('a network whose sigmoid output saturates says why its loss stays flat', async ({ page }) => {
  await openSandbox(page, '#lr=10');
  const note = page.getByTestId('stuck-note');
  await trainSandbox(page, '100,000', '100,000');
  await expect(note).toContainText('everywhere: its sigmoid is saturated');
  await expect(note).toContainText('A large learning rate (10)');
  // At the default rate the same network learns, and nothing is said.
  await reopenSandbox(page, '');
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await trainSandbox(page, '100,000', '100,000');
  await expect(note).toBeEmpty();
});

test('the offer of a saved network goes when another network is built, a file’s included, and is cleared under its own key', async ({
  page,
}, testInfo) => {
  const sandbox = page.locator('.sandbox');
  // A file of another network (seed 9), exported first.
  await openSandbox(page, '#seed=9');
  await trainSandbox(page, '1,000', '1,000');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export network' }).click();
  const file = testInfo.outputPath('seed-9.json');
  await (await download).saveAs(file);
  // The default network, trained and saved, is offered back; a file opened over the offer ends
  // it (continuing would have put the saved network under the file's settings).
  await reopenSandbox(page, '');
  await trainSandbox(page, '1,000', '1,000');
  await expect(sandbox).toHaveAttribute('data-saved-examples', '1000');
  await reloadSandbox(page);
  await expect(page.getByTestId('resume')).toBeVisible();
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page).toHaveURL(/seed=9/);
  await expect(page.getByTestId('resume')).toHaveCount(0);
  // Start fresh with an edit waiting for a reset: the offered record goes all the same.
  await reopenSandbox(page, '');
  const seed = page.getByTestId('seed');
  await seed.fill('7');
  await seed.press('Enter');
  await page.getByTestId('resume').getByRole('button', { name: 'Start fresh' }).click();
  // Once the record is gone: a page left at once can take an unfinished removal with it.
  await expect(sandbox).toHaveAttribute('data-saved-examples', '-1');
  await reopenSandbox(page, '');
  await expect(page.getByTestId('resume')).toHaveCount(0);
});

test('on a phone, the way back to Play is offered once, after a reset that built, and not again after training', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openSandbox(page);
  await page.getByRole('radio', { name: /circle/ }).check();
  await page.getByTestId('apply-settings').getByRole('button', { name: 'Apply and reset' }).click();
  const back = page.getByTestId('applied-settings');
  await expect(back.getByRole('button', { name: '↑ Go to Play' })).toBeFocused();
  // Trained from the run bar without it: it does not come back, nor take the focus.
  await page.getByRole('button', { name: 'Train 1,000', exact: true }).focus();
  await trainSandbox(page, '1,000', '1,000');
  await expect(back).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Train 1,000', exact: true })).toBeFocused();
});
