/**
 * A scripted reader completes every guided experiment in Chromium: answers each prediction, runs
 * each step, does what the reader checkpoints ask (select a dead neuron, inspect a neuron in
 * every layer, lower the learning rate while it trains) and sees every checkpoint tick. Also:
 * going back to a checkpoint restores the network, progress survives a reload, training pauses
 * off-screen, the plots redraw about once a second with reduced motion (and, in that run, the
 * rate slider keeps to its range), and screenshots of each lesson at 1280 and 390 px wide.
 */
import type { Locator, Page } from '@playwright/test';
import {
  completeStep,
  expect,
  openExperiment,
  reloadExperiment,
  seriousViolations,
  showMe,
  storeProgress,
  test,
  trainSandbox,
} from './fixtures';

const LESSONS = [
  { slug: 'feature-generation', steps: 5 },
  { slug: 'dying-relu', steps: 7 },
  { slug: 'growing-cosine-unit', steps: 6 },
  { slug: 'learning-rate-decay', steps: 6 },
];

for (const lesson of LESSONS) {
  test(`${lesson.slug}: a reader completes every step and every checkpoint ticks`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const figure = await openExperiment(page, lesson.slug);
    const steps = figure.locator('.guided-step');
    await expect(steps).toHaveCount(lesson.steps);
    for (let i = 0; i < lesson.steps; i++) {
      const step = steps.nth(i);
      await expect(step).toHaveClass(/is-current/, { timeout: 30_000 });
      await completeStep(page, figure, step);
    }
    await expect(figure.getByTestId('guided-count')).toHaveText(
      `${lesson.steps} of ${lesson.steps} checkpoints`,
    );
    if (lesson.slug === 'learning-rate-decay') {
      // The last step blows B up: its last good weights overflow over the square, and the
      // page says so; B's chart shows its own few examples, without A's 400,000 beside them.
      const b = figure.getByTestId('network-b');
      await expect(b.getByRole('alert')).toContainText('its output overflows over the square');
      await expect(b.locator('.series-compare')).toHaveCount(0);
      await expect(b.locator('.series-train')).not.toHaveCount(0);
    }
    // The polite live region said so.
    await expect(figure.getByTestId('guided-announcer')).toContainText('checkpoint met');
    // Progress is stored: after a reload every step shows as done before.
    const stored = await page.evaluate(() => localStorage.getItem('nn-lab:progress'));
    expect(JSON.parse(stored ?? '{}').scripts[lesson.slug].done).toHaveLength(lesson.steps);
    if (lesson.slug === 'learning-rate-decay') {
      // Coming back, B is as it was: blown up, and said so.
      await expect.poll(() => keptCheckpoints(page, lesson.slug)).toBe(lesson.steps);
      const again = await reloadExperiment(page, lesson.slug, 6);
      const b = again.getByTestId('network-b');
      await expect(b.getByRole('alert')).toContainText('its output overflows over the square');
      await expect(b.locator('.series-compare')).toHaveCount(0);
      await expect(again.getByTestId('guided-count')).toHaveText('6 of 6 checkpoints');
    }
  });
}

test('dying-relu: going back to a checkpoint restores that network exactly', async ({ page }) => {
  test.setTimeout(120_000);
  const figure = await openExperiment(page, 'dying-relu');
  const steps = figure.locator('.guided-step');
  await completeStep(page, figure, steps.nth(0));
  await completeStep(page, figure, steps.nth(1));
  await expect(figure.getByTestId('dead-a')).toHaveText('21');
  // A live neuron is not what step 3 asks for, and the step says so where it can be seen.
  await figure
    .getByTestId('network-a')
    .getByRole('button', { name: /: active on/ })
    .first()
    .click();
  await expect(figure.getByTestId('note-find-dead')).toHaveText('That neuron is alive.');
  await expect(steps.nth(2)).not.toHaveAttribute('data-status', 'met');
  await completeStep(page, figure, steps.nth(2));
  await expect(figure.getByTestId('note-find-dead')).toHaveCount(0);
  await completeStep(page, figure, steps.nth(3)); // leaky ReLU: none dead
  await expect(figure.getByTestId('dead-a')).toHaveText('0');
  await steps.nth(1).getByRole('button', { name: 'Back to this checkpoint' }).click();
  await expect(figure.getByTestId('dead-a')).toHaveText('21');
  await expect(figure.getByTestId('examples-a')).toHaveText('250,000');
  await expect(figure.getByTestId('guided-announcer')).toContainText('Back at checkpoint 2');
  // The sandbox link carries the network's configuration and seed.
  await expect(figure.getByTestId('sandbox-link-a')).toHaveAttribute(
    'href',
    /^\/sandbox\/#.*seed=1/,
  );
});

test('growing-cosine-unit: back to a checkpoint from before B was loaded unloads B again', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const figure = await openExperiment(page, 'growing-cosine-unit');
  const steps = figure.locator('.guided-step');
  await completeStep(page, figure, steps.nth(0));
  await completeStep(page, figure, steps.nth(1)); // loads B: one GCU neuron
  const b = figure.getByTestId('network-b');
  await expect(b).toHaveAttribute('aria-label', /one GCU neuron/);
  await expect(figure.getByTestId('examples-b')).not.toHaveText('0');
  await steps.nth(0).getByRole('button', { name: 'Back to this checkpoint' }).click();
  await expect(figure.getByTestId('guided-announcer')).toContainText('Back at checkpoint 1');
  await expect(b).toHaveAttribute('aria-label', /not loaded yet/);
  await expect(figure.getByTestId('examples-b')).toHaveText('0');
  // Its plots are empty again, not the GCU neuron's left under "no network loaded yet".
  await expect(b.locator('.guided-net__response .heatmap > div[role="img"]')).toHaveAttribute(
    'aria-label',
    /not drawn yet/,
  );
  await expect(b.locator('.loss-chart')).toHaveAttribute('aria-label', /no training yet/);
  await expect(figure.getByTestId('test-loss-b')).toHaveText('—');
  // A is as it was at checkpoint 1: the sigmoid neuron.
  await expect(figure.getByTestId('network-a')).toHaveAttribute('aria-label', /sigmoid/);
  // Trained on the four corners only, which its sandbox link cannot carry: the link says so.
  await expect(figure.getByTestId('sandbox-note-a')).toContainText('not on these 4 points only');
  // And its response shows them, each dot filled with its label; a one-neuron network has no
  // hidden neurons to count dead.
  const a = figure.getByTestId('network-a');
  await expect(a.locator('.data-points circle')).toHaveCount(4);
  await expect(figure.getByTestId('points-a')).toHaveText(
    'Dots: the 4 points it trains on, each filled with its label.',
  );
  await expect(figure.getByTestId('dead-a')).toHaveCount(0);
  await completeStep(page, figure, steps.nth(1));
  await completeStep(page, figure, steps.nth(2));
  await completeStep(page, figure, steps.nth(3)); // two networks trained on the whole square
  await expect(figure.getByTestId('sandbox-link-a')).toBeVisible();
  await expect(figure.getByTestId('sandbox-note-a')).toHaveCount(0);
  await expect(figure.getByTestId('sandbox-note-b')).toHaveCount(0);
  await expect(a.locator('.data-points circle')).toHaveCount(0);
  await expect(figure.getByTestId('points-a')).toHaveCount(0);
});

test('feature-generation: a selected output neuron is drawn on the output scale, and no picture is left once nothing is selected', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const figure = await openExperiment(page, 'feature-generation');
  const steps = figure.locator('.guided-step');
  await completeStep(page, figure, steps.nth(0));
  await completeStep(page, figure, steps.nth(1)); // selects a neuron in every hidden layer
  const a = figure.getByTestId('network-a');
  const legend = a.locator('.guided-net__neuron .legend');
  await expect(legend).toHaveAttribute('aria-label', /from −\d/); // a hidden neuron: signed, with a true minus sign
  await a.getByRole('button', { name: /^output neuron/ }).click();
  await expect(figure.getByTestId('selected-a')).toContainText('output neuron');
  await expect(legend).toHaveAttribute('aria-label', /from 0 to 1$/);
  // The next step loads new networks: the selection goes, and so does its picture.
  await completeStep(page, figure, steps.nth(2));
  await completeStep(page, figure, steps.nth(3));
  await expect(figure.getByTestId('selected-a')).toContainText('Select a neuron');
  await expect(a.locator('.guided-net__neuron .heatmap')).toBeHidden();
});

/** A lesson's experiment at 390 × 844, and its dock. */
async function openOnPhone(page: Page, slug: string): Promise<{ figure: Locator; dock: Locator }> {
  await page.setViewportSize({ width: 390, height: 844 });
  const figure = await openExperiment(page, slug);
  return { figure, dock: figure.getByTestId('guided-dock') };
}

test('on a phone the current step is run from a dock at the bottom of the screen, beside the plots', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, dock } = await openOnPhone(page, 'learning-rate-decay');
  // B has no network before step 2: its empty panel is left out on a phone, A's says so.
  await expect(figure.getByTestId('network-b')).toBeHidden();
  await expect(figure.getByTestId('network-a')).toBeVisible();
  await figure.getByTestId('network-a').scrollIntoViewIfNeeded();
  await expect(dock).toBeInViewport();
  await expect(dock).toContainText('1/6');
  await dock.getByRole('button', { name: 'Run this step' }).click();
  await expect(figure.getByTestId('step-constant')).toHaveAttribute('data-status', 'met', {
    timeout: 60_000,
  });
  // The pressed button went with the step; focus stays in the dock, on its title.
  await expect(dock.locator('.guided-dock__title')).toBeFocused();
  // Step 2 asks for a prediction first: the dock takes the reader there.
  await expect(dock).toContainText('2/6');
  // Step 1's met line showed too (its index, 0, hid it).
  await expect(dock.getByTestId('dock-met')).toContainText('Checkpoint 1 met.');
  await dock.getByRole('button', { name: 'Predict first' }).click();
  const step2 = figure.getByTestId('step-step-decay');
  await expect(step2.getByRole('radio').first()).toBeFocused();
  await expect(step2).toBeInViewport();
  await step2.getByRole('radio').first().check();
  await expect(dock.getByRole('button', { name: 'Run this step' })).toBeVisible();
  await expect(figure.getByTestId('network-b')).toBeHidden();
  // On a wide screen the plots stay beside the steps and there is no dock.
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(dock).toBeHidden();
  await expect(figure.getByTestId('network-b')).toBeVisible();
});

test('on a phone the dock says what a tap on a neuron did, beside the graph', async ({ page }) => {
  test.setTimeout(120_000);
  const { figure, dock } = await openOnPhone(page, 'dying-relu');
  for (const id of ['at-start', 'train-relu']) {
    await dock.getByRole('button', { name: 'Show me' }).click();
    await expect(figure.getByTestId(`step-${id}`)).toHaveAttribute('data-status', 'met', {
      timeout: 60_000,
    });
  }
  await expect(dock).toContainText('3/7');
  // "Your turn" goes to the network graph, where the task is done, not to the step's text.
  await dock.getByRole('button', { name: 'Your turn' }).click();
  const graph = figure.getByTestId('network-a').locator('.guided-net__neurons');
  await expect(graph).toBeInViewport();
  await expect(graph.getByRole('button').first()).toBeFocused();
  const live = figure.getByTestId('network-a').getByRole('button', { name: /: active on/ });
  await live.first().click();
  await expect(dock.locator('.guided-dock__note')).toHaveText(['That neuron is alive.']);
  await expect(dock).toBeInViewport();
  // The tap that does the task says so in the dock too, as the next step comes up.
  await figure
    .getByTestId('network-a')
    .getByRole('button', { name: /: dead/ })
    .first()
    .click();
  await expect(dock).toContainText('4/7');
  await expect(dock.getByTestId('dock-met')).toContainText('Checkpoint 3 met.');
  await dock.getByRole('button', { name: 'Read what happened' }).click();
  await expect(figure.getByTestId('result-find-dead')).toBeInViewport();
  // What the result points at (the count labelled “dead neurons”) is a long way up: one tap.
  await dock.getByRole('button', { name: 'See the plots' }).click();
  await expect(figure.getByTestId('dead-a')).toBeInViewport();
});

test('on a phone, a task met on an earlier visit whose networks were not kept: the dock brings them back before "Your turn"', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await storeProgress(page, {
    'dying-relu': { done: ['at-start', 'train-relu'], total: 7, updated: 1 },
  });
  const { figure, dock } = await openOnPhone(page, 'dying-relu');
  await expect(dock).toContainText('3/7');
  // Not "Your turn" yet: it would lead to an empty graph.
  await expect(dock.getByRole('button', { name: 'Your turn' })).toHaveCount(0);
  await dock.getByRole('button', { name: 'Run steps 1–2 again' }).click();
  await expect(figure.getByTestId('dead-a')).toHaveText('21', { timeout: 60_000 });
  await dock.getByRole('button', { name: 'Your turn' }).click();
  const graph = figure.getByTestId('network-a').locator('.guided-net__neurons');
  await expect(graph).toBeInViewport();
  await expect(graph.getByRole('button', { name: /: dead/ }).first()).toBeVisible();
});

test('on a phone, the steps use the width, and a revealed prediction stays inside its step', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure } = await openOnPhone(page, 'dying-relu');
  const steps = figure.locator('.guided__steps');
  const step = figure.locator('.guided-step').first();
  // No list indent (the lesson's prose indents its lists by 21 px).
  expect((await step.boundingBox())!.x).toBeCloseTo((await steps.boundingBox())!.x, 0);
  // Revealed, the prediction's marks wrap inside the step: the fieldset ran out of it by 12 px.
  await step.getByRole('radio').nth(2).check(); // the answer: both marks on its line
  await step.getByRole('button', { name: 'Run this step' }).click();
  await expect(step).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  await expect(step.getByTestId(/^reveal-/)).toBeVisible();
  for (const box of [step.locator('fieldset'), ...(await step.locator('fieldset label').all())]) {
    const inner = (await box.boundingBox())!;
    const outer = (await step.boundingBox())!;
    expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width);
  }
});

test('on a phone, a step run from its own button shows its result above the dock', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, dock } = await openOnPhone(page, 'feature-generation');
  const step = figure.locator('.guided-step').first();
  await step.getByRole('radio').nth(1).check();
  const run = step.getByRole('button', { name: 'Run this step' });
  // The button just above the dock, as a reader who has read down to it has it.
  await run.scrollIntoViewIfNeeded();
  const gap = await page.evaluate(
    ([button, bar]) => bar!.getBoundingClientRect().top - button!.getBoundingClientRect().bottom,
    [await run.elementHandle(), await dock.elementHandle()],
  );
  await page.mouse.wheel(0, -(gap - 12));
  await run.click();
  await expect(step).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  const result = step.getByTestId(/^result-/);
  await expect(result).toBeVisible();
  await expect
    .poll(async () => {
      const [r, d] = [(await result.boundingBox())!, (await dock.boundingBox())!];
      return r.y + r.height <= d.y;
    })
    .toBe(true);
});

test('on a phone, a reader who scrolls up to the plots while a step runs stays there when it ends', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure } = await openOnPhone(page, 'feature-generation');
  const step = figure.locator('.guided-step').first();
  await step.getByRole('radio').nth(1).check();
  await step.getByRole('button', { name: 'Run this step' }).click();
  // Up to network A's response while its million examples train.
  await figure
    .getByTestId('network-a')
    .evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
  const watching = await page.evaluate(() => scrollY);
  await expect(step).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  await page.waitForTimeout(1000); // a smooth scroll would be under way by now
  expect(Math.abs((await page.evaluate(() => scrollY)) - watching)).toBeLessThan(2);
});

test('on a phone, a tap on a neuron goes down to its picture, and one more tap comes back up to it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, dock } = await openOnPhone(page, 'dying-relu');
  for (const id of ['at-start', 'train-relu']) {
    await dock.getByRole('button', { name: 'Show me' }).click();
    await expect(figure.getByTestId(`step-${id}`)).toHaveAttribute('data-status', 'met', {
      timeout: 60_000,
    });
  }
  const panel = figure.getByTestId('network-a');
  const graph = panel.locator('.guided-net__neurons .neuron-grid');
  const neuron = panel.getByRole('button', { name: /: active on/ }).first();
  await neuron.click();
  const back = panel.getByRole('button', { name: '↑ Back to the graph' });
  await expect(back).toBeInViewport();
  await expect(graph).not.toBeInViewport({ ratio: 0.5 });
  await back.click();
  await expect(graph).toBeInViewport({ ratio: 0.5 });
  await expect(neuron).toBeFocused();
});

test('on a phone, lowering the rate by hand from the dock, the loss curve is one tap away', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, dock } = await openOnPhone(page, 'learning-rate-decay');
  await upToThePacedStep(figure);
  await dock.getByRole('button', { name: 'Run this step' }).click();
  await expect(dock.getByRole('button', { name: 'Halve it' })).toBeVisible({ timeout: 60_000 });
  await dock.getByRole('button', { name: 'See the plots' }).click();
  // B is the network being lowered: its panel, not the plots' top (A's).
  await expect(figure.getByTestId('network-b').locator('.guided-net__loss')).toBeInViewport();
  await expect(dock.getByRole('button', { name: 'Halve it' })).toBeInViewport();
});

test('a step run from the keyboard keeps the focus on its own button, "Show me" included', async ({
  page,
}) => {
  const figure = await openExperiment(page, 'dying-relu');
  const first = figure.getByTestId('step-at-start');
  // Why "Run this step" is not in the tab order yet is said where the keyboard is: the choices.
  await expect(first.locator('fieldset')).toHaveAccessibleDescription(
    'Choose an answer to run the step.',
  );
  await first.getByRole('radio').first().check();
  await expect(first.locator('fieldset')).toHaveAccessibleDescription('');
  await first.getByRole('button', { name: 'Run this step' }).focus();
  await page.keyboard.press('Enter');
  await expect(first).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  // The button was disabled while the step ran, which sent the focus to the top of the page.
  await expect(first.getByRole('button', { name: 'Run this step again' })).toBeFocused();
  // Where the focus stays, the prediction's outcome is heard with the checkpoint's.
  await expect(figure.getByTestId('guided-announcer')).toHaveText(
    /^Step 1 checkpoint met: .* (You predicted it|Not what you predicted)\.$/,
  );
  // Revealed, the radios are disabled and pale: the choice and the answer are said in words.
  await expect(first.getByRole('radio', { checked: true })).toHaveAccessibleName(
    /\(your prediction\)/,
  );
  await expect(first.getByText('✓ the answer')).toHaveCount(1);
  const second = figure.getByTestId('step-train-relu');
  await second.getByRole('button', { name: 'Show me' }).focus();
  await page.keyboard.press('Enter');
  await expect(second).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  // "Show me" is gone once the step is met: the step's run button takes the focus.
  await expect(second.getByRole('button', { name: 'Run this step again' })).toBeFocused();
  // Run again from the keyboard: the focus is back on it once the step is met again (it went
  // to the page's body as the step started).
  await first.getByRole('button', { name: 'Run this step again' }).focus();
  await page.keyboard.press('Enter');
  await expect(first).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  await expect(figure).toHaveAttribute('aria-busy', 'false');
  await expect(first.getByRole('button', { name: 'Run this step again' })).toBeFocused();
});

test('"Show me" on a reader task, from the keyboard, hands the focus on to the next step', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The tasks of selecting neurons have no run button, and their "Show me" goes once they are
  // met: the focus fell to the page's body.
  for (const [slug, task, next] of [
    ['dying-relu', 2, 'radio'],
    ['feature-generation', 1, 'radio'],
    ['growing-cosine-unit', 4, 'Run this step'],
  ] as const) {
    const figure = await openExperiment(page, slug);
    const steps = await showMeThrough(figure, task);
    await steps.nth(task).getByRole('button', { name: 'Show me' }).focus();
    await page.keyboard.press('Enter');
    await expect(steps.nth(task)).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
    const control =
      next === 'radio'
        ? steps
            .nth(task + 1)
            .getByRole('radio')
            .first()
        : steps.nth(task + 1).getByRole('button', { name: next });
    await expect(control, slug).toBeFocused();
    await expect(control).toBeInViewport();
  }
});

test('a reader who moves the focus on while a step runs keeps it there when the step ends', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, step: byHand } = await atThePacedStep(page);
  await byHand.getByRole('button', { name: 'Run this step' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => examplesOf(figure, 'b')).toBeGreaterThan(20_000);
  // The task is done outside the step, from the keyboard, while B trains…
  await figure.getByRole('button', { name: 'Halve it' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  // …and then the reader goes on to a link.
  const link = figure.getByTestId('sandbox-link-b');
  await link.focus();
  await expect(byHand).toHaveAttribute('data-status', 'running');
  await expect(byHand).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  // The end of the run took the focus back to "Run this step again" before.
  await expect(link).toBeFocused();
});

/** growing-cosine-unit at 1280 × 900, its first four steps done by "Show me": step 5 is a neuron task. */
async function gcuUpToStep5(page: Page): Promise<{ figure: Locator; steps: Locator }> {
  await page.setViewportSize({ width: 1280, height: 900 });
  const figure = await openExperiment(page, 'growing-cosine-unit');
  return { figure, steps: await showMeThrough(figure, 4) };
}

test('the graph stays where the reader saw it while they choose neurons in it, near the end of the lesson', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { figure, steps } = await gcuUpToStep5(page);
  const graph = figure.getByTestId('network-a').locator('.guided-net__neurons');
  await graph.evaluate((g) => window.scrollBy(0, g.getBoundingClientRect().top - 40));
  const top = () => graph.evaluate((g) => g.getBoundingClientRect().top);
  expect(await top()).toBeCloseTo(40, 0);
  // While the focus is elsewhere, scrolling the page does not make it read the graph's position
  // (a layout read on every scroll event, for nothing).
  const countReads = () =>
    graph.evaluate((g) => {
      const read = g.getBoundingClientRect.bind(g);
      const w = window as unknown as { reads: number };
      w.reads = 0;
      g.getBoundingClientRect = () => (w.reads++, read());
    });
  const reads = () => page.evaluate(() => (window as unknown as { reads: number }).reads);
  const scrollAndBack = async () => {
    for (const dy of [30, -30, 30, -30]) {
      await page.mouse.wheel(0, dy);
      await page.waitForTimeout(50);
    }
  };
  await countReads();
  await scrollAndBack();
  expect(await reads()).toBe(0);
  const cells = graph.locator('.neuron-grid__cell');
  await cells.first().focus();
  // With the focus in the graph it follows the page's scrolling, to know where the reader saw it.
  await page.evaluate(() => ((window as unknown as { reads: number }).reads = 0));
  await scrollAndBack();
  expect(await reads()).toBeGreaterThan(0);
  await graph.evaluate((g) => window.scrollBy(0, g.getBoundingClientRect().top - 40));
  // The neuron's picture (about 300 px) appears under the graph, and the sticky plots, held up
  // by the experiment's end, moved up with it: the chosen neuron went 265 px off the screen.
  await page.keyboard.press('Enter');
  await expect(graph.locator('.guided-net__neuron .heatmap')).toBeVisible();
  await expect.poll(top).toBeGreaterThan(38);
  expect(await top()).toBeLessThan(42);
  // The next neuron meets the step's task, and the step before folds its text away.
  await page.keyboard.press('ArrowRight');
  await expect(steps.nth(4)).toHaveAttribute('data-status', 'met');
  await page.waitForTimeout(300);
  expect(await top()).toBeGreaterThan(38);
  expect(await top()).toBeLessThan(42);
  await expect(page.locator(':focus')).toBeInViewport();
});

test('on a wide screen a neuron task has a way to its graph from the step, for the keyboard', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { figure, steps } = await gcuUpToStep5(page);
  // Step 4 trained A and B 300,000 examples each: the bar's count says whose they are.
  await expect(figure.locator('.guided__bar-text')).toHaveText(
    '600,000 of 600,000 examples, A and B together',
  );
  // The graphs come before every step in the tab order: ten Shift+Tabs, and B's graph first.
  const go = steps.nth(4).getByRole('button', { name: 'Go to network A’s graph' });
  await go.focus();
  await page.keyboard.press('Enter');
  const graph = figure.getByTestId('network-a').locator('.guided-net__neurons');
  await expect(graph.getByRole('button').first()).toBeFocused();
  await expect(graph.getByRole('button').first()).toBeInViewport();
  // Steps whose task is not in a graph have no such button.
  await expect(steps.nth(0).getByRole('button', { name: /Go to network/ })).toHaveCount(0);
});

test('corrupted progress in localStorage is ignored', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() =>
    localStorage.setItem('nn-lab:progress', '{"v":1,"scripts":{"dying-relu":{"done":'),
  );
  const figure = await openExperiment(page, 'dying-relu');
  await expect(figure.getByTestId('guided-count')).toHaveText('0 of 7 checkpoints');
  await completeStep(page, figure, figure.locator('.guided-step').first());
  await expect(figure.getByTestId('guided-count')).toHaveText('1 of 7 checkpoints');
});

for (const width of [1280, 390]) {
  test(`screenshots of every lesson at ${width} px`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
    for (const lesson of LESSONS) {
      const figure = await openExperiment(page, lesson.slug);
      await completeStep(page, figure, figure.locator('.guided-step').first());
      // No horizontal scrolling on phones.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await figure.screenshot({
        path: test.info().outputPath(`lesson-${lesson.slug}-${width}.png`),
      });
    }
  });
}

/** The examples a network of the experiment has seen, as its panel shows them ("12,345"). */
async function examplesOf(figure: Locator, network: 'a' | 'b'): Promise<number> {
  return Number((await figure.getByTestId(`examples-${network}`).innerText()).replace(/,/g, ''));
}

/**
 * The experiment's first `count` steps done by "Show me", those not met already (a page opened
 * after another in the same browser comes back at the checkpoint that one reached); returns its
 * steps.
 */
async function showMeThrough(figure: Locator, count: number): Promise<Locator> {
  const steps = figure.locator('.guided-step');
  for (let i = 0; i < count; i++)
    if ((await steps.nth(i).getAttribute('data-status')) !== 'met') await showMe(figure, i);
  return steps;
}

/** learning-rate-decay: "Show me" through the first four steps, up to the paced one. */
async function upToThePacedStep(figure: Locator): Promise<Locator> {
  await showMeThrough(figure, 4);
  return figure.getByTestId('step-by-hand');
}

/** learning-rate-decay opened and "Show me" pressed up to its paced step (the step, the figure). */
async function atThePacedStep(page: Page): Promise<{ figure: Locator; step: Locator }> {
  const figure = await openExperiment(page, 'learning-rate-decay');
  return { figure, step: await upToThePacedStep(figure) };
}

test('before a step loads network B, its place holds a note, not empty plots; the step draws them', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const figure = await openExperiment(page, 'learning-rate-decay');
  const b = figure.getByTestId('network-b');
  await expect(b.getByTestId('waiting-b')).toHaveText(
    'A later step loads network B here, beside A, to compare the two.',
  );
  await expect(b.locator('.guided-net__plots')).toBeHidden();
  await expect(figure.getByTestId('network-a').locator('.guided-net__plots')).toBeVisible();
  // A keeps the same width when B arrives: B's column was kept for it.
  const widthBefore = (await figure.getByTestId('network-a').boundingBox())!.width;
  const steps = figure.locator('.guided-step');
  for (let i = 0; i < 2; i++) {
    await steps.nth(i).getByRole('button', { name: 'Show me' }).click();
    await expect(steps.nth(i)).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  }
  await expect(b.getByTestId('waiting-b')).toHaveCount(0);
  await expect(b.locator('.guided-net__plots')).toBeVisible();
  await expect(b.locator('.guided-net__response canvas').first()).toBeVisible();
  expect((await figure.getByTestId('network-a').boundingBox())!.width).toBeCloseTo(widthBefore, 0);
});

test('the rate slider: a keyboard gesture lowers the rate once, said once, when it rests', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, step } = await atThePacedStep(page);
  const announcer = figure.getByTestId('guided-announcer');
  await announcer.evaluate((el) => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => said.push(el.textContent ?? '')).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await step.getByRole('button', { name: 'Run this step' }).click();
  const slider = figure.getByRole('slider', { name: 'Learning rate of network B' });
  // From the running step, one button away (the slider is far back in the tab order).
  await step.getByRole('button', { name: 'Go to network B’s rate controls' }).click();
  await expect(slider).toBeFocused();
  // Two taps of ←: one move of the slider, not two lowerings (two met the task before).
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(announcer).toContainText('Learning rate of network B lowered to');
  await expect(step).toHaveAttribute('data-status', 'unmet', { timeout: 60_000 });
  const said = await page.evaluate(() =>
    (window as unknown as { said: string[] }).said.filter((t) => /Learning rate/.test(t)),
  );
  expect(said).toHaveLength(1);
});

test('the rate slider: a move in the run’s last moments still counts when the run ends', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, step } = await atThePacedStep(page);
  await step.getByRole('button', { name: 'Run this step' }).click();
  await figure.locator('.guided__rate').getByRole('button', { name: 'Halve it' }).click(); // one lowering
  // Half a second before the end (B trains 40,000 examples a second): a move that would rest
  // only after the run ended. It was dropped, and the task ended "not met yet".
  const seen = async () =>
    Number(
      /^([\d,]+) of 400,000/
        .exec((await figure.locator('.guided__bar-text').textContent()) ?? '')?.[1]
        .replace(/,/g, '') ?? 0,
    );
  await expect.poll(seen, { timeout: 30_000, intervals: [40] }).toBeGreaterThan(380_000);
  await figure.getByRole('slider', { name: 'Learning rate of network B' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(step).toHaveAttribute('data-status', 'met', { timeout: 30_000 });
});

test('a running step’s Pause becomes Resume, its words alone saying its state', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, step } = await atThePacedStep(page);
  await step.getByRole('button', { name: 'Run this step' }).click();
  const bar = figure.locator('.guided__bar');
  await bar.getByRole('button', { name: 'Pause' }).click();
  const resume = bar.getByRole('button', { name: 'Resume' });
  await expect(resume).toBeVisible();
  // "Resume, toggle button, pressed" said the state twice, and the wrong way round.
  await expect(resume).not.toHaveAttribute('aria-pressed');
  await resume.click();
  await expect(bar.getByRole('button', { name: 'Pause' })).not.toHaveAttribute('aria-pressed');
  // The rate was not lowered by hand: the run ends with the task not done.
  await expect(step).toHaveAttribute('data-status', 'unmet', { timeout: 60_000 });
});

test("running a step again keeps the other network's loss curve, and the comparison on it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const figure = await openExperiment(page, 'learning-rate-decay');
  const steps = figure.locator('.guided-step');
  for (let i = 0; i < 2; i++) {
    await steps.nth(i).getByRole('button', { name: 'Show me' }).click();
    await expect(steps.nth(i)).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  }
  // Step decay halves 0.15 every 100,000 examples: the run ends on a boundary, and the rate
  // shown is the one its last examples trained at, the step's fourth, as the step's text lists
  // it (not the fifth, 0.009375).
  await expect(figure.getByTestId('rate-b')).toHaveText('0.01875');
  // Step 2 again: both networks go back to checkpoint 1 (A trained, B not yet loaded).
  await steps.nth(1).getByRole('button', { name: 'Run this step again' }).click();
  await expect(steps.nth(1)).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  const chartA = figure.getByTestId('network-a').locator('.loss-chart');
  await expect(chartA).toHaveAttribute('aria-label', /after 400,000 examples/);
  const chartB = figure.getByTestId('network-b').locator('.loss-chart');
  await expect(chartB).toHaveAttribute('aria-label', /for comparison, .*after 400,000 examples/);
  await expect(chartB.locator('.series-compare')).toHaveCount(1);
  // Step 3 loads another B; back at checkpoint 2, B's curve is step decay's again, not cosine's.
  const curveB = () => chartB.locator('path.series-train').getAttribute('d');
  const stepDecay = await curveB();
  await steps.nth(2).getByRole('button', { name: 'Show me' }).click();
  await expect(steps.nth(2)).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  await expect.poll(curveB).not.toBe(stepDecay);
  await steps.nth(1).getByRole('button', { name: 'Back to this checkpoint' }).click();
  await expect.poll(curveB).toBe(stepDecay);
  await expect(chartA).toHaveAttribute('aria-label', /after 400,000 examples/);
});

test('training pauses while the experiment is off-screen and resumes when it returns', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // "Show me" on the paced step, which trains B at 40,000 a second.
  const { figure, step: byHand } = await atThePacedStep(page);
  await byHand.getByRole('button', { name: 'Show me' }).click();
  await expect(figure.getByRole('button', { name: 'Halve it' })).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => examplesOf(figure, 'b')).toBeGreaterThan(40_000);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800);
  const before = await examplesOf(figure, 'b');
  await page.waitForTimeout(1500);
  expect(await examplesOf(figure, 'b')).toBe(before);
  expect(before).toBeLessThan(400_000);
  await figure.scrollIntoViewIfNeeded();
  await expect(byHand).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  await expect(figure.getByTestId('examples-b')).toHaveText('400,000');
  // "Show me" halved B's rate twice, at a third and at two thirds: 0.15 → 0.075 → 0.0375.
  await expect(figure.getByTestId('rate-b')).toHaveText('0.0375');
});

/**
 * learning-rate-decay, with the given motion preference: how often network B's heatmap redraws
 * (its canvas receives a new picture) during four seconds of its paced training. The figure is
 * returned with its step still training.
 */
async function redrawsWhileTraining(
  page: Page,
  reducedMotion: 'reduce' | 'no-preference',
  /** Ask for it only once the page is open (a reader who turns it on while reading). */
  late = false,
): Promise<{ redraws: number; figure: Locator }> {
  await page.emulateMedia({ reducedMotion: late ? 'no-preference' : reducedMotion });
  await page.addInitScript(() => {
    const counter = window as unknown as { __redraws: number };
    counter.__redraws = 0;
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (
      this: CanvasRenderingContext2D,
      ...args: Parameters<typeof put>
    ) {
      if (this.canvas.closest('[data-testid="network-b"]')) {
        counter.__redraws++;
      }
      return put.apply(this, args);
    } as typeof put;
  });
  const figure = await openExperiment(page, 'learning-rate-decay');
  if (late) await page.emulateMedia({ reducedMotion });
  const byHand = await upToThePacedStep(figure);
  await byHand.getByRole('button', { name: 'Run this step' }).click();
  const examples = () => examplesOf(figure, 'b');
  // B trains 400,000 examples at 40,000 a second: once under way, count over four seconds.
  await expect.poll(examples).toBeGreaterThan(20_000);
  const redraws = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const counter = window as unknown as { __redraws: number };
        const start = counter.__redraws;
        setTimeout(() => resolve(counter.__redraws - start), 4_000);
      }),
  );
  // It trained throughout the four seconds.
  expect(await examples()).toBeLessThan(400_000);
  return { redraws, figure };
}

test('reduced motion: a training experiment redraws its plots about once a second, not at every snapshot; the rate slider keeps to its range', async ({
  page,
}) => {
  // GuidedExperiment.tsx hands its panels a new snapshot at most once a second with reduced
  // motion (its `drawn` signal); every canvas in network B's panel is counted, so a view that
  // followed the raw snapshots instead (about 20 a second) would fail this.
  test.setTimeout(180_000);
  const normal = (await redrawsWhileTraining(page, 'no-preference')).redraws;
  const other = await page.context().newPage();
  const { redraws: reduced, figure } = await redrawsWhileTraining(other, 'reduce');
  const counts = `redraws in 4 s: ${normal} without reduced motion, ${reduced} with it`;
  // Without the preference the plots follow the snapshots (so the count sees the redraws);
  // with it, at most one a second (one more for where the window falls).
  expect(normal, counts).toBeGreaterThanOrEqual(12);
  expect(reduced, counts).toBeLessThanOrEqual(5);
  // Asked for after the page opened, it holds too (the preference was read once, at load).
  const late = await page.context().newPage();
  const { redraws: lateReduced } = await redrawsWhileTraining(late, 'reduce', true);
  expect(lateReduced, `${counts}, ${lateReduced} when asked for late`).toBeLessThanOrEqual(5);
  await late.close();

  // B's loss chart also draws A's training loss, dash-dotted (not told apart by colour alone),
  // and its text alternative says so.
  const chart = figure.getByTestId('network-b').locator('svg.loss-chart');
  await expect(chart.locator('path.series-compare')).toHaveAttribute('stroke-dasharray', '9 3 2 3');
  await expect(chart).toHaveAttribute('aria-label', /for comparison, A's training loss: /);

  // The same run, still training, shows the experiments' one numeric input: the rate slider.
  // It cannot leave its range, and its label and value text say where it is.
  await test.step('the rate slider', async () => {
    const slider = figure.getByRole('slider', { name: /^Learning rate/ });
    await expect(slider).toHaveAttribute('aria-valuetext', '0.15');
    await slider.fill('-9');
    await expect(slider).toHaveValue('-4');
    await expect(slider).toHaveAttribute('aria-valuetext', '1.0e-4');
    await expect(slider).toHaveAccessibleName('Learning rate of network B');
    await expect(figure.locator('.guided__rate-value')).toHaveText('1.0e-4');
  });
  await other.close();
});

test('axe finds no serious or critical violation on the lessons, after a step has run', async ({
  page,
}) => {
  test.setTimeout(120_000);
  for (const lesson of LESSONS) {
    const figure = await openExperiment(page, lesson.slug);
    await completeStep(page, figure, figure.locator('.guided-step').first());
    const bad = await seriousViolations(page);
    expect(bad, lesson.slug).toEqual([]);
  }
});

test('the experiment starts its worker only near the viewport, and works with reduced motion', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // A short phone screen, so the figure starts more than two screens down.
  await page.setViewportSize({ width: 390, height: 600 });
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto('/lessons/dying-relu/');
  const figure = page.getByTestId('guided-dying-relu');
  const top = await figure.evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeGreaterThan(2 * 600);
  await page.waitForTimeout(1500);
  expect(workers).toEqual([]);
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('.guided__placeholder')).toHaveCount(0, { timeout: 30_000 });
  expect(workers.length).toBe(1);
  const steps = figure.locator('.guided-step');
  await completeStep(page, figure, steps.nth(0));
  await completeStep(page, figure, steps.nth(1));
  await expect(figure.getByTestId('dead-a')).toHaveText('21');
});

test('learning-rate decay: the sandbox link beside the saturation claim reproduces it (rate 5, loss stuck at 0.2589)', async ({
  page,
}) => {
  await page.goto('/lessons/learning-rate-decay/');
  await page.getByTestId('saturating-link').click();
  await expect(page.locator('.sandbox')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('current-lr')).toHaveText('5');
  await trainSandbox(page, '100,000', '100,000');
  await expect(page.getByTestId('diverged')).toHaveCount(0);
  await expect(page.getByTestId('test-loss')).toHaveText('0.2589');
});

/**
 * Record in the page, every 10 ms, what each of `selectors` shows: the text of the first element
 * it finds, or, for a selector that ends in `@name`, that attribute; for a selector of several
 * elements (`.neuron-grid__cell`), how many there are. `samplesTaken` stops and returns them.
 */
async function startSampling(page: Page, selectors: string[]): Promise<void> {
  await page.evaluate((selectors) => {
    const w = window as unknown as { samples: string[][]; sampler: number };
    const read = (sel: string) => {
      const [css, attribute] = sel.split('@');
      if (attribute) return document.querySelector(css)?.getAttribute(attribute) ?? '';
      if (css.endsWith('__cell')) return String(document.querySelectorAll(css).length);
      return document.querySelector(css)?.textContent ?? '';
    };
    w.samples = [];
    w.sampler = window.setInterval(() => w.samples.push(selectors.map(read)), 10);
  }, selectors);
}

async function samplesTaken(page: Page): Promise<string[][]> {
  return page.evaluate(() => {
    const w = window as unknown as { samples: string[][]; sampler: number };
    clearInterval(w.sampler);
    return w.samples;
  });
}

/** How many checkpoints of `lesson` the browser keeps (IndexedDB, saved-checkpoints.ts). */
function keptCheckpoints(page: Page, lesson: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve) => {
        const request = indexedDB.open('nn-lab-lessons');
        request.onerror = () => resolve(-1);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('checkpoints')) return resolve(0);
          const count = db
            .transaction('checkpoints')
            .objectStore('checkpoints')
            .count(IDBKeyRange.bound([id, 0], [id, Infinity]));
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => resolve(-1);
        };
      }),
    lesson,
  );
}

/** What a network's panel shows: its label, examples, test loss and loss curve's description. */
async function panelOf(figure: Locator, network: 'a' | 'b'): Promise<string[]> {
  const panel = figure.getByTestId(`network-${network}`);
  return [
    (await panel.getAttribute('aria-label')) ?? '',
    await figure.getByTestId(`examples-${network}`).innerText(),
    await figure.getByTestId(`test-loss-${network}`).innerText(),
    (await panel.locator('.loss-chart').getAttribute('aria-label')) ?? '',
  ];
}

test('learning-rate-decay: a reader who comes back continues where they were, with the networks as they were', async ({
  page,
}) => {
  test.setTimeout(180_000);
  let figure = await openExperiment(page, 'learning-rate-decay');
  let steps = await showMeThrough(figure, 3);
  await expect.poll(() => keptCheckpoints(page, 'learning-rate-decay')).toBe(3);
  const results = await steps.getByTestId(/^result-/).allInnerTexts();
  const a = await panelOf(figure, 'a');
  const b = await panelOf(figure, 'b');
  expect(a[1]).toBe('400,000');
  expect(b[0]).toMatch(/cosine/);
  // A reload (or Back to the page) loses nothing: the networks, their curves and the results.
  figure = await reloadExperiment(page, 'learning-rate-decay', 3);
  steps = figure.locator('.guided-step');
  await expect(figure.getByTestId('guided-count')).toHaveText('3 of 6 checkpoints');
  for (let i = 0; i < 3; i++) await expect(steps.nth(i)).toHaveAttribute('data-status', 'met');
  expect(await steps.getByTestId(/^result-/).allInnerTexts()).toEqual(results);
  await expect(steps.nth(3)).toHaveClass(/is-current/);
  await expect(steps.nth(3).getByRole('button', { name: 'Run this step' })).toBeVisible();
  await expect.poll(() => panelOf(figure, 'a')).toEqual(a);
  await expect.poll(() => panelOf(figure, 'b')).toEqual(b);
  await expect(figure.getByTestId('guided-announcer')).toContainText('Welcome back');
  expect(await seriousViolations(page)).toEqual([]);
  // The checkpoints can still be gone back to, and step 4 runs on from checkpoint 3 at once,
  // replaying nothing: A has not trained again.
  await expect(steps.nth(1).getByRole('button', { name: 'Back to this checkpoint' })).toBeVisible();
  await showMe(figure, 3);
  await expect(figure.getByTestId('guided-count')).toHaveText('4 of 6 checkpoints');
  expect(await panelOf(figure, 'a')).toEqual(a);
  await expect(figure.getByTestId('guided-resumed')).toHaveCount(0);
});

test('back to a checkpoint unticks the steps after it, in the count, the stored progress and after a reload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  let figure = await openExperiment(page, 'learning-rate-decay');
  let steps = await showMeThrough(figure, 3);
  await expect(figure.getByTestId('guided-count')).toHaveText('3 of 6 checkpoints');
  await steps.nth(0).getByRole('button', { name: 'Back to this checkpoint' }).click();
  await expect(figure.getByTestId('guided-announcer')).toContainText('Back at checkpoint 1');
  await expect(figure.getByTestId('guided-count')).toHaveText('1 of 6 checkpoints');
  await expect(steps.locator('.guided-step__tick')).toHaveText(['✓', '2', '3', '4', '5', '6']);
  await expect(steps.nth(1)).toHaveAttribute('data-status', 'waiting');
  await expect(steps.nth(2)).not.toHaveClass(/is-before|is-met/);
  const stored = await page.evaluate(() => localStorage.getItem('nn-lab:progress'));
  expect(JSON.parse(stored ?? '{}').scripts['learning-rate-decay'].done).toEqual(['constant']);
  await expect.poll(() => keptCheckpoints(page, 'learning-rate-decay')).toBe(1);
  // Coming back, the page is where the reader left it: at checkpoint 1, B not loaded.
  figure = await reloadExperiment(page, 'learning-rate-decay', 1);
  steps = figure.locator('.guided-step');
  await expect(figure.getByTestId('guided-count')).toHaveText('1 of 6 checkpoints');
  await expect(steps.locator('.guided-step__tick')).toHaveText(['✓', '2', '3', '4', '5', '6']);
  await expect(steps.nth(1)).toHaveClass(/is-current/);
  await expect(figure.getByTestId('examples-a')).toHaveText('400,000');
  await expect(figure.getByTestId('network-b')).toHaveAttribute('aria-label', /not loaded yet/);
});

test('progress from an earlier visit whose networks were not kept is ticked apart, and the lesson goes on from it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await storeProgress(page, {
    'learning-rate-decay': { done: ['constant', 'step-decay', 'cosine'], total: 6, updated: 1 },
    'dying-relu': { done: ['at-start', 'train-relu'], total: 7, updated: 1 },
    'feature-generation': {
      done: ['train-deep', 'inspect-layers', 'count-shapes'],
      total: 5,
      updated: 1,
    },
  });
  const figure = await openExperiment(page, 'learning-rate-decay');
  const steps = figure.locator('.guided-step');
  // Met before, not now: ticked apart from this visit's ticks, and said so.
  await expect(figure.getByTestId('guided-count')).toHaveText('3 of 6 checkpoints');
  for (let i = 0; i < 3; i++) {
    await expect(steps.nth(i)).toHaveClass(/is-before/);
    await expect(steps.nth(i)).not.toHaveClass(/is-met/);
    await expect(steps.nth(i).getByRole('heading')).toContainText('met on an earlier visit');
    await expect(steps.nth(i).getByRole('button', { name: 'Show me' })).toBeVisible();
  }
  await expect(figure.getByTestId('before-constant')).toContainText('Met on an earlier visit');
  expect(await seriousViolations(page)).toEqual([]);
  // The page does not pretend to hold their networks: the reader goes on at step 4, which says
  // it runs steps 1–3 again first.
  await expect(figure.getByTestId('network-a')).toHaveAttribute('aria-label', /not loaded yet/);
  await expect(steps.nth(3)).toHaveClass(/is-current/);
  await expect(figure.getByTestId('replay-restarts')).toHaveText(
    'Steps 1–3 run again first, to bring the networks to where this step begins.',
  );
  await showMe(figure, 3);
  for (let i = 0; i < 4; i++) await expect(steps.nth(i)).toHaveClass(/is-met/);
  await expect(figure.getByTestId('guided-count')).toHaveText('4 of 6 checkpoints');
  await expect(figure.getByTestId('examples-a')).toHaveText('400,000');

  // A reader task has no run button: it has one that brings the networks there.
  const dying = await openExperiment(page, 'dying-relu');
  const task = dying.getByTestId('step-find-dead');
  await expect(task).toHaveClass(/is-current/);
  await expect(dying.getByTestId('replay-find-dead')).toContainText('Steps 1–2 run again first');
  await task.getByRole('button', { name: 'Run steps 1–2 again' }).click();
  await expect(dying.getByTestId('dead-a')).toHaveText('21', { timeout: 60_000 });
  // The pressed button has gone; the focus stays in the step.
  await expect(task.locator(':focus')).toHaveCount(1);
  await expect(task.getByText(/^Your turn:/)).toBeVisible();
  await expect(dying.getByTestId('replay-find-dead')).toHaveCount(0);
  await expect(dying.getByTestId('guided-count')).toHaveText('2 of 7 checkpoints');

  // Only the steps that do something run again: feature generation's steps 2 and 3 are tasks.
  const features = await openExperiment(page, 'feature-generation');
  await expect(features.getByTestId('replay-depth-vs-width')).toHaveText(
    'Step 1 runs again first, to bring the networks to where this step begins.',
  );
});

/** The checkpoints of `lesson` the browser keeps (IndexedDB), as [step index, savedAt] in order. */
function keptRecords(page: Page, lesson: string): Promise<[number, number][]> {
  return page.evaluate(
    (id) =>
      new Promise<[number, number][]>((resolve) => {
        const request = indexedDB.open('nn-lab-lessons');
        request.onerror = () => resolve([]);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('checkpoints')) return resolve([]);
          const all = db
            .transaction('checkpoints')
            .objectStore('checkpoints')
            .getAll(IDBKeyRange.bound([id, 0], [id, Infinity]));
          all.onsuccess = () =>
            resolve(
              (all.result as { index: number; savedAt: number }[]).map((r) => [r.index, r.savedAt]),
            );
          all.onerror = () => resolve([]);
        };
      }),
    lesson,
  );
}

test('a step met on an earlier visit, run again and not met, loses its earlier tick', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  const done = ['constant', 'step-decay', 'cosine', 'restarts', 'by-hand'];
  await storeProgress(page, { 'learning-rate-decay': { done, total: 6, updated: 1 } });
  const figure = await openExperiment(page, 'learning-rate-decay');
  const steps = figure.locator('.guided-step');
  const step = steps.nth(4); // the reader lowers the rate while it runs
  await expect(step).toHaveClass(/is-before/);
  await expect(figure.getByTestId('guided-count')).toHaveText('5 of 6 checkpoints');
  // Run, and the rate left alone: not met this time.
  await step.getByRole('button', { name: 'Run this step', exact: true }).click();
  await expect(step).toHaveAttribute('data-status', 'unmet', { timeout: 150_000 });
  await expect(step).not.toHaveClass(/is-before/);
  await expect(step.locator('.guided-step__tick')).toHaveText('5');
  await expect(step.getByRole('heading')).not.toContainText('met on an earlier visit');
  await expect(figure.getByTestId('guided-count')).toHaveText('4 of 6 checkpoints');
  const stored = await page.evaluate(() => localStorage.getItem('nn-lab:progress'));
  expect(JSON.parse(stored ?? '{}').scripts['learning-rate-decay'].done).toEqual(done.slice(0, 4));
});

test('a step met on an earlier visit that asks for a prediction can be run, its choices folded away', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Steps 1–2 met before, their networks not kept (the lessons' database deleted, say).
  await page.goto('/');
  await storeProgress(page, {
    'learning-rate-decay': { done: ['constant', 'step-decay'], total: 6, updated: 1 },
  });
  const figure = await openExperiment(page, 'learning-rate-decay');
  const steps = figure.locator('.guided-step');
  const step = steps.nth(1); // asks for a prediction
  await expect(step).toHaveClass(/is-before/);
  await expect(steps.nth(2)).toHaveClass(/is-current/);
  // Folded to its controls: no choices on screen, so none is asked for.
  await expect(step.getByRole('radio')).toHaveCount(0);
  await expect(step.getByText('Choose an answer to run the step.')).toHaveCount(0);
  const run = step.getByRole('button', { name: 'Run this step', exact: true });
  await expect(run).toBeEnabled();
  await run.click();
  await expect(step).toHaveAttribute('data-status', 'met', { timeout: 90_000 });
  await expect(step.getByTestId('result-step-decay')).toContainText('Checkpoint met');
  await expect(steps.nth(0)).toHaveClass(/is-met/);
  await expect(figure.getByTestId('guided-count')).toHaveText('2 of 6 checkpoints');
});

test('dying-relu: running an earlier step again unticks the steps after it, here, in the stored progress and checkpoints', async ({
  page,
}) => {
  test.setTimeout(180_000);
  let figure = await openExperiment(page, 'dying-relu');
  let steps = figure.locator('.guided-step');
  for (let i = 0; i < 3; i++) await completeStep(page, figure, steps.nth(i));
  await expect(figure.getByTestId('guided-count')).toHaveText('3 of 7 checkpoints');
  await expect.poll(() => keptCheckpoints(page, 'dying-relu')).toBe(3);
  await steps.nth(1).getByRole('button', { name: 'Run this step again' }).click();
  await expect(steps.nth(1)).toHaveAttribute('data-status', 'met', { timeout: 90_000 });
  await expect(figure).toHaveAttribute('aria-busy', 'false');
  // Step 2 ran on the networks as they were at checkpoint 1: step 3's find no longer stands.
  await expect(figure.getByTestId('guided-count')).toHaveText('2 of 7 checkpoints');
  await expect(steps.locator('.guided-step__tick')).toHaveText(['✓', '✓', '3', '4', '5', '6', '7']);
  await expect(steps.nth(2)).toHaveAttribute('data-status', 'waiting');
  await expect(steps.nth(2)).toHaveClass(/is-current/);
  await expect(steps.nth(2).getByRole('button', { name: 'Back to this checkpoint' })).toHaveCount(
    0,
  );
  await expect(figure.getByTestId('replay-leaky')).toHaveCount(0);
  await expect(steps.nth(2).getByText(/^Your turn:/)).toBeVisible();
  // The checkpoints still kept can be gone back to.
  await expect(steps.nth(0).getByRole('button', { name: 'Back to this checkpoint' })).toBeVisible();
  await expect(steps.nth(1).getByRole('button', { name: 'Back to this checkpoint' })).toBeVisible();
  const stored = await page.evaluate(() => localStorage.getItem('nn-lab:progress'));
  expect(JSON.parse(stored ?? '{}').scripts['dying-relu'].done).toEqual(['at-start', 'train-relu']);
  await expect
    .poll(async () => (await keptRecords(page, 'dying-relu')).map(([i]) => i))
    .toEqual([0, 1]);
  // Step 3 done again, step 4 run: after a reload the ticks follow one another.
  await completeStep(page, figure, steps.nth(2));
  await completeStep(page, figure, steps.nth(3));
  await expect
    .poll(async () => (await keptRecords(page, 'dying-relu')).map(([i]) => i))
    .toEqual([0, 1, 2, 3]);
  figure = await reloadExperiment(page, 'dying-relu', 4);
  steps = figure.locator('.guided-step');
  await expect(figure.getByTestId('guided-count')).toHaveText('4 of 7 checkpoints');
  await expect(steps.locator('.is-before')).toHaveCount(0);
});

test('dying-relu: coming back, the dead neuron the reader found is drawn again', async ({
  page,
}) => {
  test.setTimeout(180_000);
  let figure = await openExperiment(page, 'dying-relu');
  const steps = figure.locator('.guided-step');
  for (let i = 0; i < 3; i++) await completeStep(page, figure, steps.nth(i));
  const found = (await figure.getByTestId('selected-a').innerText()).trim();
  expect(found).toMatch(/dead/);
  await expect.poll(() => keptCheckpoints(page, 'dying-relu')).toBe(3);
  figure = await reloadExperiment(page, 'dying-relu', 3);
  await expect(figure.getByTestId('selected-a')).toHaveText(found);
  const picture = figure.getByTestId('network-a').locator('.guided-net__neuron .heatmap');
  await expect(picture).toBeVisible();
  // Back to checkpoint 2 (met before it was found): nothing selected there.
  await figure
    .locator('.guided-step')
    .nth(1)
    .getByRole('button', { name: 'Back to this checkpoint' })
    .click();
  await expect(figure.getByTestId('selected-a')).toContainText('Select a neuron');
});

test('learning-rate-decay: running step 1 again starts from no network loaded, and B stays unloaded after a reload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  let figure = await openExperiment(page, 'learning-rate-decay');
  let steps = await showMeThrough(figure, 2);
  const b = figure.getByTestId('network-b');
  await expect(b).toHaveAttribute('aria-label', /step decay/);
  await steps.nth(0).getByRole('button', { name: 'Run this step again' }).click();
  await expect(steps.nth(0)).toHaveAttribute('data-status', 'met', { timeout: 90_000 });
  await expect(figure).toHaveAttribute('aria-busy', 'false');
  await expect(b).toHaveAttribute('aria-label', /not loaded yet/);
  await expect(figure.getByTestId('guided-count')).toHaveText('1 of 6 checkpoints');
  await expect(steps.nth(1)).toHaveAttribute('data-status', 'waiting');
  await expect(steps.nth(1)).toHaveClass(/is-current/);
  await expect
    .poll(async () => (await keptRecords(page, 'learning-rate-decay')).map(([i]) => i))
    .toEqual([0]);
  figure = await reloadExperiment(page, 'learning-rate-decay', 1);
  steps = figure.locator('.guided-step');
  await expect(figure.getByTestId('network-b')).toHaveAttribute('aria-label', /not loaded yet/);
  await expect(figure.getByTestId('examples-a')).toHaveText('400,000');
});

test('a reload does not rewrite the kept checkpoints: each keeps the date it was met', async ({
  page,
}) => {
  test.setTimeout(120_000);
  let figure = await openExperiment(page, 'learning-rate-decay');
  await showMeThrough(figure, 1);
  await expect.poll(() => keptCheckpoints(page, 'learning-rate-decay')).toBe(1);
  const kept = await keptRecords(page, 'learning-rate-decay');
  figure = await reloadExperiment(page, 'learning-rate-decay', 1);
  // Whatever the page would write as it comes back has been written by now.
  await page.waitForTimeout(1500);
  expect(await keptRecords(page, 'learning-rate-decay')).toEqual(kept);
});

test('growing-cosine-unit: while the measurement borrows network A’s engine, A’s panel shows A, and the bar the measurement', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const figure = await openExperiment(page, 'growing-cosine-unit');
  const steps = await showMeThrough(figure, 5);
  const a = figure.getByTestId('network-a');
  const seen = async () => [
    ...(await panelOf(figure, 'a')),
    String(await a.locator('.neuron-grid__cell').count()),
    await figure.getByTestId('selected-a').innerText(),
  ];
  const before = await seen();
  expect(before[0]).toMatch(/16 GCU, 12 leaky ReLU/);
  expect(before[1]).toBe('300,000');
  expect(before[5]).not.toMatch(/Select a neuron/);
  // What A's panel and the bar show while the step runs.
  await startSampling(page, [
    '[data-testid="examples-a"]',
    '[data-testid="test-loss-a"]',
    '[data-testid="network-a"] .neuron-grid__cell',
    '.guided__bar .guided__bar-text',
  ]);
  await steps.nth(5).getByRole('button', { name: 'Run this step' }).click();
  await expect(steps.nth(5)).toHaveAttribute('data-status', 'met', { timeout: 90_000 });
  const samples = await samplesTaken(page);
  // A's panel never showed the 256-neuron network it lent its engine to.
  const panels = new Set(samples.map((s) => s.slice(0, 3).join(' | ')));
  expect([...panels]).toEqual([[before[1], before[2], before[4]].join(' | ')]);
  // The bar said which timing was under way, never a count of the borrower's examples.
  const bars = [...new Set(samples.map((s) => s[3]))];
  expect(
    bars.some((b) =>
      /^Measuring .+, 100,000 examples: variant [123] of 3, round [123] of 3$/.test(b),
    ),
    bars.join('\n'),
  ).toBe(true);
  expect(
    bars.filter((b) => /examples$/.test(b) && !/each$/.test(b)),
    bars.join('\n'),
  ).toEqual([]);
  await expect(figure.locator('.guided__bar-text')).toHaveText(
    'Measured 3 variants, best of 3 rounds of 100,000 examples each',
  );
  await expect(figure.getByTestId('benchmark')).toBeVisible();
  // Under the table, in words, the fast cosine against the exact one, from the table's numbers.
  const rate = async (label: string) =>
    Number(
      (
        await figure
          .getByTestId('benchmark')
          .getByRole('row', { name: new RegExp(`^${label}`) })
          .getByRole('cell')
          .first()
          .textContent()
      )?.replace(/,/g, ''),
    );
  const ratio = (await rate('GCU, fast cos')) / (await rate('GCU, exact cos'));
  await expect(figure.getByTestId('benchmark-fast')).toContainText(
    `“GCU, fast cos” ${ratio > 1.03 ? 'ran ' : 'was no faster than “GCU, exact cos” ('}${ratio.toFixed(2)} times as fast`,
  );
  // A is still A, its curve and its selected neuron too.
  expect(await seen()).toEqual(before);
});

test('the bar shows the running step’s own progress from its start, never the step before’s finished count; the born-dead survey shows its own', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const figure = await openExperiment(page, 'dying-relu');
  const steps = await showMeThrough(figure, 4);
  const bar = '.guided__bar .guided__bar-text';
  await expect(figure.locator(bar)).toHaveText('250,000 of 250,000 examples');
  /** The bar's words while step `id` ran. */
  const whileRunning = async (index: number) => {
    const id = (await steps.nth(index).getAttribute('data-testid')) ?? '';
    await startSampling(page, [bar, `[data-testid="${id}"]@data-status`]);
    await showMe(figure, index);
    return (await samplesTaken(page)).filter(([, status]) => status === 'running').map(([b]) => b);
  };
  // Step 5 started while the experiment is off-screen, which holds it before its first action:
  // the bar showed step 4's finished count, which was not this step's, until a snapshot came.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await steps
    .nth(4)
    .getByRole('button', { name: 'Show me' })
    .evaluate((b: HTMLElement) => b.click());
  await expect(steps.nth(4)).toHaveAttribute('data-status', 'running');
  await page.waitForTimeout(500);
  await expect(figure.locator(bar)).toHaveText(['Paused while off-screen.']);
  await expect(figure.getByRole('button', { name: 'Pause' })).toHaveCount(1);
  await figure.scrollIntoViewIfNeeded();
  await expect(steps.nth(4)).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  // Step 6 loads a new network and trains it 250,000 examples: the count starts from nothing.
  const counts = (await whileRunning(5))
    .filter((b) => b !== '')
    .map((b) => Number(/^([\d,]+) of 250,000 examples$/.exec(b)?.[1]?.replace(/,/g, '') ?? NaN));
  expect(counts.length).toBeGreaterThan(0);
  expect(counts.every(Number.isFinite), counts.join(' ')).toBe(true);
  expect(counts[0], counts.join(' ')).toBeLessThan(250_000);
  for (let k = 1; k < counts.length; k++)
    expect(counts[k], counts.join(' ')).toBeGreaterThanOrEqual(counts[k - 1]);
  await expect(figure.locator(bar)).toHaveText('250,000 of 250,000 examples');
  // The survey sends no snapshots: it says which width it is at.
  const survey = await whileRunning(6);
  expect(
    survey.filter((b) => /examples/.test(b)),
    survey.join('\n'),
  ).toEqual([]);
  expect(
    survey.some((b) =>
      /^Surveying networks \d+ neurons wide: width [1-7] of 7, 500 networks each$/.test(b),
    ),
    survey.join('\n'),
  ).toBe(true);
  await expect(figure.locator(bar)).toHaveText('Surveyed 7 widths, 500 networks each');
  await expect(figure.getByRole('progressbar', { name: 'Survey progress' })).toHaveAttribute(
    'value',
    '7',
  );
});

test('learning-rate-decay: lowering the rate by hand, the bar counts the 400,000 examples B trains, to the end', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, step: byHand } = await atThePacedStep(page);
  await byHand.getByRole('button', { name: 'Show me' }).click();
  await expect(figure.locator('.guided__bar-text')).toHaveText(/^[\d,]+ of 400,000 examples$/, {
    timeout: 30_000,
  });
  await expect(byHand).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  await expect(figure.getByTestId('examples-b')).toHaveText('400,000');
  // The paced training's first short jobs were missed (396,000 of 396,000 examples).
  await expect(figure.locator('.guided__bar-text')).toHaveText('400,000 of 400,000 examples');
  await expect(figure.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute(
    'value',
    '400000',
  );
});

test('learning-rate-decay: the sandbox link of a network whose rate the reader lowered opens it at that rate', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { figure, step: byHand } = await atThePacedStep(page);
  await byHand.getByRole('button', { name: 'Show me' }).click();
  await expect(byHand).toHaveAttribute('data-status', 'met', { timeout: 60_000 });
  await expect(figure.getByTestId('rate-b')).toHaveText('0.0375');
  // The link carried the rate B was loaded with, 0.15.
  const href = await figure.getByTestId('sandbox-link-b').getAttribute('href');
  await page.goto(href ?? '');
  await expect(page.locator('.sandbox')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('current-lr')).toHaveText('0.0375');
});
