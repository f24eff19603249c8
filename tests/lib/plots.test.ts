import { describe, expect, it } from 'vitest';
import { makeRandom } from '../engine/helpers';
import { bucketMeans } from '../../src/lib/plots/downsample';
import {
  lookupTable,
  neuronScale,
  outputDomain,
  paintField,
  symmetricDomain,
} from '../../src/lib/plots/color';
import { contourLines, legendTicks } from '../../src/lib/plots/heatmap';
import { logAxis, logDomain, lossTick } from '../../src/lib/plots/loss-chart';
import {
  cellForStep,
  columnLabel,
  computeLayout,
  computeTouchLayout,
  describeNeuron,
  isSilent,
  TOUCH_STEP,
  pointScales,
  scrollHint,
  signRegions,
} from '../../src/lib/plots/neuron-grid';
import { countNeurons } from '../../src/lib/lessons/runner';
import type { NeuronStat } from '../../src/lib/engine/types';

describe('bucketMeans', () => {
  it('covers every point exactly once and divides by the real bucket size', () => {
    const values = Array.from({ length: 10 }, (_, i) => i); // 0…9
    // 10 points into 3 buckets: [0,1,2], [3,4,5], [6,7,8,9].
    expect(bucketMeans(values, 3)).toEqual([1, 4, 7.5]);
    // The original's bug (stride + 1 values over stride) would give 0+1+2+3 / 3 = 2 for the first.
  });

  it('keeps the overall mean when buckets are equal in size', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) + 2);
    const means = bucketMeans(values, 100);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(means).toHaveLength(100);
    expect(mean(means)).toBeCloseTo(mean(values), 12);
  });

  it('returns the points themselves when there are fewer than buckets', () => {
    expect(bucketMeans([3, 1, 2], 10)).toEqual([3, 1, 2]);
    expect(bucketMeans([], 10)).toEqual([]);
  });
});

describe('paintField', () => {
  const image = (r: number) =>
    ({ data: new Uint8ClampedArray(r * r * 4), width: r, height: r }) as ImageData;

  it('draws b upwards: grid row j = 0 lands on the bottom pixel row', () => {
    const r = 3;
    const values = new Float32Array(r * r);
    values[0] = 1; // a = 0, b = 0: bottom-left
    const img = image(r);
    paintField(img, values, r, [0, 1], 'sequential');
    const lut = lookupTable('sequential');
    const bottomLeft = ((r - 1) * r + 0) * 4;
    expect(Array.from(img.data.slice(bottomLeft, bottomLeft + 4))).toEqual(
      Array.from(lut.slice(255 * 4, 256 * 4)),
    );
    expect(Array.from(img.data.slice(0, 4))).toEqual(Array.from(lut.slice(0, 4)));
  });

  it('clamps out-of-domain values and leaves NaN transparent', () => {
    const img = image(2);
    paintField(img, [-5, 5, Number.NaN, 0.5], 2, [0, 1], 'diverging');
    const lut = lookupTable('diverging');
    // Row j = 0 is the bottom pixel row (index 1).
    expect(Array.from(img.data.slice(8, 12))).toEqual(Array.from(lut.slice(0, 4)));
    expect(Array.from(img.data.slice(12, 16))).toEqual(Array.from(lut.slice(255 * 4, 256 * 4)));
    expect(img.data[3]).toBe(0);
  });

  it('symmetricDomain covers the largest finite magnitude, rounded to 1, 2, 2.5 or 5 × 10ᵏ', () => {
    expect(symmetricDomain([0.2, -0.7, 0.5])).toEqual([-1, 1]);
    expect(symmetricDomain([0.24, Number.NaN, -Infinity])).toEqual([-0.25, 0.25]);
    expect(symmetricDomain([-3])).toEqual([-5, 5]);
    expect(symmetricDomain([1.5e-8])).toEqual([-2e-8, 2e-8]);
    expect(symmetricDomain([0, 0])).toEqual([-1, 1]);
  });

  it('neuronScale: the output neuron on the output scale, a hidden one diverging around 0', () => {
    // A sigmoid output near 0.06…1 is drawn on [0, 1], not on a signed scale that washes it out.
    expect(neuronScale(true, [0.06, 1])).toMatchObject({
      kind: 'sequential',
      domain: [0, 1],
      levels: [0.25, 0.5, 0.75],
    });
    expect(neuronScale(true, [3], [-1, 3]).levels).toEqual([0, 1, 2]);
    expect(neuronScale(false, [-1.7, 0.3])).toMatchObject({
      kind: 'diverging',
      domain: [-2, 2],
      levels: [-1, 0, 1],
    });
  });

  it('neuronScale names its solid line and what its key says about each kind of line', () => {
    // Three lines drawn alike read as "the line": one is the main (solid) one, and the key says
    // what the solid and the dotted lines mark, with the scale's own numbers.
    expect(neuronScale(false, [-0.0083, 0.69])).toMatchObject({
      levels: [-0.5, 0, 0.5],
      main: 0,
      key: { main: 'output 0', minor: 'output ±0.5' },
    });
    expect(neuronScale(false, [-9.9e-4, -3.3e-4]).key.minor).toBe('output ±0.0005');
    expect(neuronScale(true, [0.2, 0.9])).toMatchObject({
      main: 0.5,
      key: { main: 'output 0.5', minor: 'output 0.25 and 0.75' },
    });
    // A wider output scale, as an identity output learning 4ab − 1 has: a true minus sign.
    expect(neuronScale(true, [0], [-1, 1]).key).toEqual({
      main: 'output 0',
      minor: 'output −0.5 and 0.5',
    });
  });
});

describe('describeField', () => {
  it('names the range, where the extremes lie, and the mean', async () => {
    const { describeField } = await import('../../src/lib/plots/heatmap');
    // 3×3 grid: value = a (i / 2), so lowest on the left edge, highest on the right.
    const values = Array.from({ length: 9 }, (_, k) => (k % 3) / 2);
    expect(describeField('network output', values, 3)).toBe(
      'network output over the input square: from 0 at a = 0, b = 0 to 1 at a = 1, b = 0; mean 0.5',
    );
  });

  it('says when a field is flat, as a dead neuron is', async () => {
    const { describeField } = await import('../../src/lib/plots/heatmap');
    expect(describeField('layer 1, neuron 3', new Float32Array(16), 4)).toBe(
      'layer 1, neuron 3 over the input square: 0 everywhere (flat)',
    );
  });
});

describe('contourLines', () => {
  const R = 17;
  const SIZE = 170;
  const field = (f: (a: number, b: number) => number) =>
    Float32Array.from({ length: R * R }, (_, k) =>
      f((k % R) / (R - 1), Math.floor(k / R) / (R - 1)),
    );
  /** Every straight piece of a path, as [x0, y0, x1, y1]. */
  const segments = (d: string) => {
    const out: number[][] = [];
    for (const part of d.split('M').filter(Boolean)) {
      const points = part.split('L').map((p) => p.split(',').map(Number));
      for (let i = 1; i < points.length; i++) out.push([...points[i - 1], ...points[i]]);
    }
    return out;
  };
  // A leaky ReLU neuron's picture: 0.6·(a − 0.3) where positive, a hundredth of that where not.
  const leaky = field((a) => (a > 0.3 ? 0.6 * (a - 0.3) : 0.006 * (a - 0.3)));

  it('marks the main level and the others, so they can be drawn differently', () => {
    const lines = contourLines(leaky, R, [-0.25, 0, 0.25], SIZE, 0);
    // No value reaches −0.25: two lines, the 0 one the main one.
    expect(lines.map((l) => [l.level, l.role])).toEqual([
      [0, 'main'],
      [0.25, 'minor'],
    ]);
    expect(contourLines(leaky, R, [0, 0.25], SIZE).map((l) => l.role)).toEqual(['', '']);
  });

  it('draws no line along the square’s edge, where d3 closes a region', () => {
    // The 0 line of the leaky neuron is the vertical a = 0.3, and nothing else: before, the
    // region a ≥ 0.3 was outlined along three sides of the square as well.
    const [zero] = contourLines(leaky, R, [0], SIZE, 0);
    const pieces = segments(zero.d);
    expect(pieces.length).toBeGreaterThan(0);
    // Within a grid step of a = 0.3 (the line is interpolated between grid points), top to bottom.
    const step = SIZE / (R - 1);
    for (const [x0, , x1] of pieces) {
      expect(Math.abs(x0 - 0.3 * SIZE)).toBeLessThanOrEqual(step);
      expect(Math.abs(x1 - 0.3 * SIZE)).toBeLessThanOrEqual(step);
    }
    const ys = pieces.flatMap(([, y0, , y1]) => [y0, y1]);
    expect([Math.min(...ys), Math.max(...ys)]).toEqual([0, SIZE]);
    // An island inside the square stays a closed loop.
    const island = field((a, b) => 0.05 - (a - 0.5) ** 2 - (b - 0.5) ** 2);
    const [ring] = contourLines(island, R, [0], SIZE, 0);
    const loop = segments(ring.d);
    expect(loop[0].slice(0, 2)).toEqual(loop[loop.length - 1].slice(2));
  });

  it('draws a ReLU neuron’s 0 line where it starts to fire', () => {
    // Exactly 0 wherever it is off: d3 counts 0 as above the level 0, so the line ran only along
    // the edge (and, that left out, there was none).
    // Its input is 0.8a + 0.5b − 0.5, which is 0 between the grid's points.
    const input = (a: number, b: number) => 0.8 * a + 0.5 * b - 0.5;
    const relu = field((a, b) => Math.max(0, input(a, b)));
    const [zero] = contourLines(relu, R, [-0.5, 0, 0.5], SIZE, 0);
    expect(zero.role).toBe('main');
    const pieces = segments(zero.d);
    expect(pieces.length).toBeGreaterThan(0);
    // On the line where the input is 0, between grid points too: d3 alone put it on the last
    // point where the neuron is 0, up to a grid step (0.8 / 16 = 0.05 of input) off, in stairs.
    const points = pieces.flatMap(([x0, y0, x1, y1]) => [
      [x0, y0],
      [x1, y1],
    ]);
    for (const [x, y] of points)
      expect(Math.abs(input(x / SIZE, 1 - y / SIZE)), `${x}, ${y}`).toBeLessThan(0.005);
    // From the bottom edge (b = 0, a = 0.625) to the top left corner.
    expect(points).toContainEqual([0.625 * SIZE, SIZE]);
    expect(points).toContainEqual([0, 0]);
    // A plot without a main line at 0 (the response plot's) keeps d3's reading of its levels.
    expect(contourLines(relu, R, [0], SIZE)).toEqual([]);
  });
});

describe('wrapLabel', () => {
  it('wraps a long legend label to the width, keeping every word', async () => {
    const { wrapLabel } = await import('../../src/lib/plots/heatmap');
    const label = 'network output (lines: output at 0.5, dashed: target at 0.25, 0.5, 0.75)';
    const lines = wrapLabel(label, 200);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(Math.floor(200 / 7));
    expect(lines.join(' ')).toBe(label);
    expect(wrapLabel('network output', 200)).toEqual(['network output']);
  });
});

describe('the loss chart’s log axis', () => {
  it('spans at least a decade, so no two tick labels read the same', () => {
    // A run that diverged after a few examples: losses 2.8e10 to 3.3e10.
    for (const [lo, hi] of [
      [2.8e10, 3.3e10],
      [0.0101, 0.0102],
      [0.5, 0.5],
    ]) {
      const domain = logDomain(lo, hi);
      expect(domain[1] / domain[0]).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(domain[0]).toBeLessThanOrEqual(lo);
      expect(domain[1]).toBeGreaterThanOrEqual(hi);
      const labels = logAxis(lo, hi).ticks.map(lossTick);
      expect(labels.length).toBeGreaterThan(1);
      expect(new Set(labels).size, labels.join(' ')).toBe(labels.length);
    }
    // A wide domain is kept as it is.
    expect(logDomain(1e-4, 1)).toEqual([1e-4, 1]);
  });

  it('labels every loss axis at both ends, with two to seven labels, widening it little', () => {
    const rand = makeRandom(7);
    for (let k = 0; k < 2000; k++) {
      const lo = 10 ** (rand() * 30 - 20);
      const hi = lo * 10 ** (rand() * (k % 3 === 0 ? 12 : 2.5));
      const {
        domain: [a, b],
        ticks,
      } = logAxis(lo, hi);
      const where = `${lo} … ${hi}: ${ticks.join(' ')}`;
      expect(ticks.length, where).toBeGreaterThanOrEqual(2);
      expect(ticks.length, where).toBeLessThanOrEqual(7);
      expect([...ticks].sort((p, q) => p - q)).toEqual(ticks);
      // Both ends are labels, and the data lie between them (0.0013 is not under a lowest
      // label of 0.003 any more).
      expect(ticks[0]).toBe(a);
      expect(ticks[ticks.length - 1]).toBe(b);
      expect(a).toBeLessThanOrEqual(lo * (1 + 1e-9));
      expect(b).toBeGreaterThanOrEqual(hi * (1 - 1e-9));
      // At least a decade, and no wider than the ends need: a narrow range is widened to a
      // decade (logDomain), and each end is the first label beyond it, not one further.
      expect(Math.log10(b / a), where).toBeGreaterThanOrEqual(1 - 1e-9);
      const [from, to] = logDomain(lo, hi);
      expect(ticks[1], where).toBeGreaterThan(from * (1 + 1e-9));
      expect(ticks[ticks.length - 2], where).toBeLessThan(to * (1 - 1e-9));
      expect(new Set(ticks.map(lossTick)).size).toBe(ticks.length);
    }
    // The sandbox's run of the reviewer: losses 0.0013 to 0.5, labelled from 0.001 to 1.
    expect(logAxis(0.0013, 0.5)).toEqual({ domain: [0.001, 1], ticks: [0.001, 0.01, 0.1, 1] });
    expect(logAxis(1, Infinity).ticks).toEqual([]); // a loss that overflowed: no labels, no hang
    expect(lossTick(1e20)).toBe('1e20');
    expect(lossTick(1e-4)).toBe('1e-4');
    expect(lossTick(0.002)).toBe('0.002');
    expect(lossTick(0.03)).toBe('0.03');
    expect(lossTick(0.5)).toBe('0.5');
    expect(lossTick(5000)).toBe('5000');
    expect(lossTick(1e4)).toBe('1e4');
    // logTicks also gives 1.5 × 10ᵏ: [0.0015, 0.002] read "0.002, 0.002" with one digit.
    expect(lossTick(0.0015)).toBe('0.0015');
    expect(lossTick(0.015)).toBe('0.015');
    expect(lossTick(1.5e-5)).toBe('1.5e-5');
    expect(lossTick(3e20)).toBe('3e20');
  });
});

describe('outputDomain', () => {
  it('is [0, 1] for values inside it, and widens in steps of 0.5 to cover any beyond', () => {
    expect(outputDomain([0, 0.3, 1])).toEqual([0, 1]);
    expect(outputDomain([0.2], [0.9])).toEqual([0, 1]);
    // 4ab − 1 over the square: from −1 to 3.
    expect(outputDomain([-1, 0.5, 3])).toEqual([-1, 3]);
    expect(outputDomain([-0.2, 1.2])).toEqual([-0.5, 1.5]);
    expect(outputDomain([0.5], [-1.7])).toEqual([-2, 1]);
    expect(outputDomain([Number.NaN, 0.5])).toEqual([0, 1]);
  });
});

describe('a neuron’s text alternative says what its picture shows', () => {
  const field = (T: number, f: (a: number, b: number) => number) =>
    Float32Array.from({ length: T * T }, (_, k) =>
      f((k % T) / (T - 1), Math.floor(k / T) / (T - 1)),
    );

  it('counts the separate positive and negative regions', () => {
    // A ramp folded along one line: one region of each sign.
    expect(
      signRegions(
        field(16, (a, b) => a + b - 1),
        16,
      ),
    ).toEqual({ pos: 1, neg: 1 });
    // GCU-like stripes across a: z = 12a − 6, C(z) = z·cos z has three positive bands here.
    const stripes = signRegions(
      field(16, (a) => (12 * a - 6) * Math.cos(12 * a - 6)),
      16,
    );
    expect(stripes.pos + stripes.neg).toBeGreaterThan(3);
    // An island: positive only inside a disc.
    expect(
      signRegions(
        field(16, (a, b) => 0.1 - (a - 0.5) ** 2 - (b - 0.5) ** 2),
        16,
      ),
    ).toEqual({
      pos: 1,
      neg: 1,
    });
    // Four corners positive, apart from each other.
    expect(
      signRegions(
        field(16, (a, b) => Math.abs(a - 0.5) + Math.abs(b - 0.5) - 0.8),
        16,
      ),
    ).toEqual({ pos: 4, neg: 1 });
    expect(signRegions(new Float32Array(16 * 16), 16)).toEqual({ pos: 0, neg: 0 });
  });

  it('puts the counts into the neuron’s label', () => {
    const stat = { layer: 0, index: 2, dead: false, activeFraction: 0.5, min: -1, max: 2 };
    expect(describeNeuron({ layer: 0, index: 2 }, 2, stat, 'gcu', { pos: 3, neg: 2 })).toBe(
      'layer 1, neuron 3 (GCU): active on 50% of inputs, outputs from −1 to 2; positive in 3 separate regions, negative in 2 separate regions',
    );
    expect(describeNeuron({ layer: 0, index: 2 }, 2, stat, undefined, { pos: 1, neg: 0 })).toMatch(
      /positive in one region, never negative$/,
    );
    // A leaky ReLU's gradient is never zero: "active on 100%" beside "negative in one region"
    // read as a contradiction, so it is left out; for ReLU it says where the neuron fires.
    const everywhere = { ...stat, activeFraction: 1, min: -0.025, max: 4.4 };
    const regions = { pos: 1, neg: 1 };
    expect(describeNeuron({ layer: 3, index: 1 }, 4, everywhere, 'leakyRelu', regions)).toBe(
      'layer 4, neuron 2 (leaky ReLU): outputs from −0.025 to 4.4; positive in one region, negative in one region',
    );
    expect(describeNeuron({ layer: 3, index: 1 }, 4, everywhere, 'relu', regions)).toMatch(
      /\(ReLU\): active on 100% of inputs, outputs from/,
    );
  });
});

describe('silent neurons', () => {
  const stat = (over: Partial<NeuronStat>): NeuronStat => ({
    layer: 0,
    index: 6,
    dead: false,
    activeFraction: 1,
    min: -9.9e-4,
    max: -3.3e-4,
    ...over,
  });

  it('says a leaky ReLU neuron negative on the whole square is silent, not how it is shaped', () => {
    // Its thumbnail, scaled to its own largest |value|, was solid orange: "strongly negative".
    expect(
      describeNeuron({ layer: 0, index: 6 }, 4, stat({}), 'leakyRelu', { pos: 0, neg: 1 }),
    ).toBe(
      'layer 1, neuron 7 (leaky ReLU): silent, negative on the whole square (outputs from −0.00099 to −0.00033)',
    );
    expect(isSilent(stat({}), 4, 'leakyRelu')).toBe(true);
  });

  it('is the lessons’ own count (countNeurons), less the dead, for ReLU and leaky ReLU only', () => {
    const stats = [
      stat({ index: 0 }),
      stat({ index: 1, max: 0.4 }),
      stat({ index: 2, min: 0, max: 0, dead: true, activeFraction: 0 }),
      stat({ index: 3, max: 0 }),
      stat({ layer: 1, index: 0, min: -2, max: -1e-6 }),
      stat({ layer: 2, index: 0, min: -0.3, max: -0.1 }), // the output neuron
    ];
    const relu = (s: NeuronStat) => isSilent(s, 2, s.layer === 1 ? 'relu' : 'leakyRelu');
    // Silent or dead: exactly the neurons countNeurons calls silent.
    expect(stats.filter((s) => relu(s) || s.dead).length).toBe(countNeurons(stats, 2, 'silent'));
    expect(stats.map(relu)).toEqual([true, false, false, true, true, false]);
    // A dead neuron keeps its own mark and words.
    expect(describeNeuron({ layer: 0, index: 2 }, 2, stats[2], 'relu')).toMatch(/: dead, /);
    // A tanh neuron negative everywhere may be far from 0: it is not silent.
    expect(isSilent(stat({ min: -0.99, max: -0.5 }), 2, 'tanh')).toBe(false);
    expect(isSilent(stat({}), 2, undefined)).toBe(false);
  });
});

describe('scrollHint', () => {
  it('says where the rest of a graph wider than its box is, and nothing when it fits', () => {
    expect(scrollHint(0, 400, 400)).toBe('');
    expect(scrollHint(0, 401, 400)).toBe(''); // a pixel's rounding is not more graph
    expect(scrollHint(0, 450, 400)).toBe('More of the graph to the right: swipe it →');
    expect(scrollHint(20, 450, 400)).toBe('← More of the graph on both sides: swipe it →');
    expect(scrollHint(50, 450, 400)).toBe('← More of the graph to the left: swipe it back');
    expect(scrollHint(49.5, 450, 400)).toBe('← More of the graph to the left: swipe it back');
  });
});

describe('computeLayout', () => {
  it('leaves room for the selection ring (drawn 4 px outside a cell) around every cell', () => {
    for (const columns of [
      [2, 8, 1],
      [2, 64, 32, 16, 8, 1],
      [2, 1],
      [2, 256, 256, 1],
    ])
      for (const width of [160, 300, 520, 900]) {
        const l = computeLayout(columns, width, 260, 28, 6);
        for (const column of l.cells)
          for (const c of column) {
            expect(c.x - 4, `${columns} at ${width}`).toBeGreaterThanOrEqual(0);
            expect(c.y - 4).toBeGreaterThanOrEqual(0);
            expect(c.x + l.cell + 4).toBeLessThanOrEqual(l.width + 1e-9);
            expect(c.y + l.cell + 4).toBeLessThanOrEqual(l.height + 1e-9);
          }
      }
  });
});

describe('computeTouchLayout', () => {
  const minCell = cellForStep(TOUCH_STEP);
  const step = (l: ReturnType<typeof computeLayout>) => {
    // The smallest distance between the centres of two cells of the same sub-column or row.
    let least = Infinity;
    for (const column of l.cells)
      for (let i = 1; i < column.length; i++) {
        const d = Math.hypot(column[i].x - column[i - 1].x, column[i].y - column[i - 1].y);
        least = Math.min(least, d);
      }
    return least;
  };

  it('keeps cells at least 24 px apart, where the plain layout packs them tighter', () => {
    // The lessons' networks (the dying-ReLU lesson's [54, 22] among them) on a phone's column.
    for (const columns of [
      [2, 24, 12, 1],
      [2, 54, 22, 1],
      [2, 32, 16, 1],
      [2, 128, 1],
      [2, 256, 1],
    ]) {
      const plain = computeLayout(columns, 340, 220, 56, 9);
      const touch = computeTouchLayout(columns, 340, 220, 56, minCell, 700);
      expect(touch.cell + Math.max(2, Math.round(touch.cell * 0.16))).toBeGreaterThanOrEqual(24);
      expect(step(touch), `${columns}`).toBeGreaterThanOrEqual(TOUCH_STEP);
      // …and it fits the width by growing taller, not by scrolling sideways.
      expect(touch.width, `${columns}`).toBeLessThanOrEqual(340);
      expect(touch.height).toBeLessThanOrEqual(700 + 8);
      if (columns.includes(54)) expect(step(plain)).toBeLessThan(TOUCH_STEP);
    }
  });

  it('is the plain layout where that already fits with cells big enough', () => {
    const columns = [2, 8, 1];
    expect(computeTouchLayout(columns, 340, 220, 56, minCell, 700)).toEqual(
      computeLayout(columns, 340, 220, 56, 9),
    );
  });

  it('gives cellForStep the smallest cell whose step reaches the goal', () => {
    const gap = (c: number) => Math.max(2, Math.round(c * 0.16));
    const c = cellForStep(24);
    expect(c + gap(c)).toBeGreaterThanOrEqual(24);
    expect(c - 1 + gap(c - 1)).toBeLessThan(24);
  });
});

describe('pointScales', () => {
  it('gives each hidden layer its largest |value| (at least 1), and the output 1', () => {
    expect(
      pointScales([Float32Array.of(0.2, -3, 1.5), Float32Array.of(0.5, -0.25), Float32Array.of(7)]),
    ).toEqual([3, 1, 1]);
    expect(pointScales([Float32Array.of(Number.NaN, 2), Float32Array.of(0.3)])).toEqual([2, 1]);
  });
});

describe('the layers’ names over the network graph', () => {
  it('leaves a band above every cell for them, and places the cells as before below it', () => {
    const plain = computeLayout([2, 64, 32, 1], 600, 380, 56, 9);
    const banded = computeLayout([2, 64, 32, 1], 600, 380, 56, 9, 16);
    expect(banded.height).toBe(plain.height + 16);
    expect(banded.cell).toBe(plain.cell);
    banded.cells.forEach((column, c) =>
      column.forEach((cell, i) => {
        expect(cell.x).toBe(plain.cells[c][i].x);
        expect(cell.y).toBe(plain.cells[c][i].y + 16);
        expect(cell.y).toBeGreaterThanOrEqual(16);
      }),
    );
  });

  it('names each column, as short as its room needs', () => {
    const all = () => true;
    const names = (count: number, inputs: boolean, fits: (t: string) => boolean) =>
      Array.from({ length: count }, (_, c) => columnLabel(c, count, inputs, fits));
    expect(names(4, true, all)).toEqual(['inputs', 'layer 1', 'layer 2', 'output']);
    expect(names(3, false, all)).toEqual(['layer 1', 'layer 2', 'output']);
    expect(names(2, true, all)).toEqual(['inputs', 'output']); // no hidden layer
    const short = (t: string) => t.length <= 3;
    expect(names(4, true, short)).toEqual(['in', 'L1', 'L2', 'out']);
    expect(names(12, true, (t) => t.length <= 2)[10]).toBe('10');
    expect(names(3, true, () => false)).toEqual(['', '', '']);
  });
});

describe('legendTicks', () => {
  // Label widths as the legend lays them out: at most 7 px a character of its 11 px type.
  const overlaps = (domain: [number, number], width: number) => {
    const ticks = legendTicks(domain, width);
    const at = (v: number) => ((v - domain[0]) / (domain[1] - domain[0])) * width;
    return ticks.some(
      (t, i) =>
        i > 0 &&
        at(t.value) - at(ticks[i - 1].value) <
          ((t.label.length + ticks[i - 1].label.length) * 7) / 2,
    );
  };

  it('labels a diverged neuron’s ±1e10 compactly, and its labels never overlap', () => {
    expect(legendTicks([-1e10, 1e10], 260).map((t) => t.label)).toEqual([
      '−1e10',
      '−5e9',
      '0',
      '5e9',
      '1e10',
    ]);
    for (const width of [60, 120, 200, 260])
      for (const m of [1, 1.1e20, 1e10, 123456, 0.0123, 3.3e-7, 0.75])
        expect(overlaps([-m, m], width), `±${m} in ${width} px`).toBe(false);
  });

  it('keeps the usual round ticks of an ordinary scale', () => {
    expect(legendTicks([0, 1], 260).map((t) => t.label)).toEqual([
      '0',
      '0.2',
      '0.4',
      '0.6',
      '0.8',
      '1',
    ]);
    expect(legendTicks([-1, 1], 260).map((t) => t.label)).toEqual(['−1', '−0.5', '0', '0.5', '1']);
    expect(legendTicks([10, 10.2], 260).map((t) => t.label)).toContain('10.05');
  });
});
