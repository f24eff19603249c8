/**
 * Training (and test) loss against examples seen, on a log scale, with the learning rate on a
 * second axis. SVG only: a few hundred points at most. The training loss is averaged over equal
 * spans of examples (`binByExamples`: each bucket weighs as many examples as it holds); the test
 * loss readings are thinned by `bucketMeans`.
 */
import {
  axisBottom,
  axisLeft,
  axisRight,
  format,
  line,
  scaleLinear,
  scaleLog,
  select,
  type Selection,
} from 'd3';
import { countOf } from '../format';
import { binByExamples } from '../trainer/loss-history';
import type { LossPoint } from '../trainer/protocol';
import { bucketMeans } from './downsample';
import './plots.css';

export interface LossChartOptions {
  width: number;
  height: number;
  /** Show the learning rate on a right-hand axis. */
  showLearningRate?: boolean;
  maxPoints?: number;
}

const M = { top: 10, right: 52, bottom: 36, left: 52 };

/** The dash patterns of the series other than training loss (solid), for charts and legends. */
export const TEST_DASH = '5 3';
export const RATE_DASH = '1 3';
export const COMPARE_DASH = '9 3 2 3';

type G = Selection<SVGGElement, unknown, null, undefined>;

export class LossChart {
  readonly root: SVGSVGElement;
  private options: LossChartOptions;
  /** "The loss curve appears once training starts", in a frame: shown while there is no curve. */
  private empty: G;
  /** Everything else, built once and updated in place (it was rebuilt at every update). */
  private chart: G;
  private xAxis: G;
  private yAxis: G;
  private compareLayer: G;
  private trainLayer: G;
  private testLayer: G;
  private dotLayer: G;
  private rateAxis: G | null = null;
  private rateLayer: G | null = null;

  constructor(container: HTMLElement, options: LossChartOptions) {
    this.options = options;
    const { width, height } = options;
    const svg = select(container)
      .append('svg')
      .attr('class', 'loss-chart')
      .attr('viewBox', `0 0 ${width} ${height}`)
      .attr('width', width)
      .style('max-width', '100%')
      .style('height', 'auto')
      .attr('role', 'img')
      .attr('aria-label', 'Loss curve: no training yet');
    this.root = svg.node() as SVGSVGElement;
    this.empty = svg.append('g');
    this.empty
      .append('rect')
      .attr('x', M.left)
      .attr('y', M.top)
      .attr('width', width - M.left - M.right)
      .attr('height', height - M.top - M.bottom)
      .attr('fill', 'none')
      .attr('stroke', 'currentColor')
      .attr('stroke-opacity', 0.15);
    this.empty
      .append('text')
      .attr('class', 'axis-label')
      .attr('x', (M.left + width - M.right) / 2)
      .attr('y', (M.top + height - M.bottom) / 2)
      .attr('text-anchor', 'middle')
      .text('The loss curve appears once training starts');
    this.chart = svg.append('g').attr('display', 'none');
    this.xAxis = this.chart
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${height - M.bottom})`);
    this.yAxis = this.chart
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${M.left},0)`);
    this.chart
      .append('text')
      .attr('class', 'axis-label')
      .attr('x', (M.left + width - M.right) / 2)
      .attr('y', height - 4)
      .attr('text-anchor', 'middle')
      .text('examples seen');
    this.chart
      .append('text')
      .attr('class', 'axis-label')
      .attr('transform', `translate(12,${(height - M.bottom + M.top) / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text('loss (log)');
    // In drawing order: the comparison under the training loss, the test loss over it.
    this.compareLayer = this.chart.append('g');
    this.trainLayer = this.chart.append('g');
    this.testLayer = this.chart.append('g');
    this.dotLayer = this.chart.append('g');
    if (options.showLearningRate) {
      this.rateAxis = this.chart
        .append('g')
        .attr('class', 'axis')
        .attr('transform', `translate(${width - M.right},0)`);
      this.rateLayer = this.chart.append('g');
    }
  }

  /**
   * Redraw from the loss history. `compare`, when given, is another run's history drawn on the
   * same axes (its training loss, class `series-compare`), so two runs can be read against each
   * other; the y domain covers both. `now`, the latest snapshot's examples seen and test loss,
   * ends the test-loss line where training is, between the curve's own readings (which come at
   * fixed numbers of examples, a few per doubling).
   */
  update(
    points: readonly LossPoint[],
    more: {
      compare?: readonly LossPoint[] | null;
      compareLabel?: string;
      now?: { examples: number; testLoss: number } | null;
    } = {},
  ): void {
    const compare = more.compare ?? undefined;
    const compareLabel = more.compareLabel ?? '';
    const { width, height } = this.options;
    const svg = select(this.root);
    const finite = points.filter(
      (p) => p.count > 0 && p.trainLoss > 0 && Number.isFinite(p.trainLoss),
    );
    const none = finite.length === 0;
    this.empty.attr('display', none ? null : 'none');
    this.chart.attr('display', none ? 'none' : null);
    if (none) {
      svg.attr('aria-label', 'Loss curve: no training yet');
      return;
    }
    const maxPoints = this.options.maxPoints ?? 300;
    const { x: xs, trainLoss: train, learningRate: lrs } = binByExamples(finite, maxPoints);
    const testPoints = finite.filter((p) => p.testLoss > 0 && Number.isFinite(p.testLoss));
    const testXs = bucketMeans(
      testPoints.map((p) => p.examples),
      maxPoints,
    );
    const test = bucketMeans(
      testPoints.map((p) => p.testLoss),
      maxPoints,
    );
    // The live reading ends the line, after the thinning (which would average it away).
    const now = more.now;
    const lastRead = testPoints.length ? testPoints[testPoints.length - 1].examples : 0;
    if (now && now.testLoss > 0 && Number.isFinite(now.testLoss) && now.examples > lastRead) {
      testXs.push(now.examples);
      test.push(now.testLoss);
    }
    const comparePoints = (compare ?? []).filter(
      (p) => p.count > 0 && p.trainLoss > 0 && Number.isFinite(p.trainLoss),
    );
    const { x: compareXs, trainLoss: compareYs } = binByExamples(comparePoints, maxPoints);
    const all = [...train, ...test, ...compareYs];
    const x = scaleLinear()
      // To the last bucket's end (the test readings sit at bucket ends; a bin's x is its middle).
      .domain([
        0,
        Math.max(
          finite[finite.length - 1].examples,
          testXs.length ? testXs[testXs.length - 1] : 0,
          comparePoints.length ? comparePoints[comparePoints.length - 1].examples : 0,
        ),
      ])
      .range([M.left, width - M.right]);
    const yAxis = logAxis(Math.min(...all) * 0.9, Math.max(...all) * 1.1);
    const y = scaleLog()
      .domain(yAxis.domain)
      .range([height - M.bottom, M.top]);
    // Whole examples only: three examples in, the axis read 0, 500m, 1, … before.
    this.xAxis.call(
      axisBottom(x).tickValues(x.ticks(4).filter(Number.isInteger)).tickFormat(format('~s')),
    );
    this.yAxis.call(
      axisLeft(y)
        .tickValues(yAxis.ticks)
        .tickFormat((v) => lossTick(+v)),
    );
    const path = (ys: number[], xsOf: number[]) =>
      line<number>()
        .x((_, i) => x(xsOf[i]))
        .y((v) => y(v))(ys) ?? '';
    /** One path in `layer`, or none when `d` is null. */
    const series = (layer: G, cls: string, d: string | null, dash?: string) =>
      layer
        .selectAll('path')
        .data(d === null ? [] : [d])
        .join('path')
        .attr('class', `series ${cls}`)
        .attr('d', (v) => v)
        .attr('stroke-dasharray', dash ?? null);
    // Dash-dotted, so that it differs from the training loss by more than its colour.
    series(
      this.compareLayer,
      'series-compare',
      compareYs.length > 1 ? path(compareYs, compareXs) : null,
      COMPARE_DASH,
    );
    series(this.trainLayer, 'series-train', path(train, xs));
    series(this.testLayer, 'series-test', test.length > 1 ? path(test, testXs) : null, TEST_DASH);
    // The latest value of each series as a dot: visible even when a series has a single point.
    const dots = [{ cls: 'series-train', x: xs[xs.length - 1], y: train[train.length - 1] }];
    if (test.length > 0)
      dots.push({ cls: 'series-test', x: testXs[testXs.length - 1], y: test[test.length - 1] });
    this.dotLayer
      .selectAll('circle')
      .data(dots)
      .join('circle')
      .attr('class', (d) => `series-dot ${d.cls}`)
      .attr('r', 3)
      .attr('cx', (d) => x(d.x))
      .attr('cy', (d) => y(d.y));
    if (this.rateAxis && this.rateLayer) {
      const lrMax = Math.max(0, ...lrs.filter(Number.isFinite));
      const r = scaleLinear()
        // A tenth of headroom: a constant rate ran along the plot's top edge, hard to see.
        .domain([0, lrMax > 0 ? lrMax / 0.9 : 1])
        .range([height - M.bottom, M.top]);
      this.rateAxis.call(axisRight(r).ticks(3, '.2~g'));
      series(
        this.rateLayer,
        'series-rate',
        line<number>()
          .x((_, i) => x(xs[i]))
          .y((v) => r(v))
          .defined(Number.isFinite)(lrs) ?? '',
        RATE_DASH,
      );
    }
    const last = finite[finite.length - 1];
    const compared = comparePoints[comparePoints.length - 1];
    svg.attr(
      'aria-label',
      `Loss curve: training loss ${format('.3g')(train[0])} at the start, ${format('.3g')(
        train[train.length - 1],
      )} at the end, after ${countOf(last.examples, 'example')}` +
        (compareYs.length > 1 && compared
          ? `; for comparison, ${compareLabel || 'the other run'}: ${format('.3g')(
              compareYs[compareYs.length - 1],
            )} after ${countOf(compared.examples, 'example')}`
          : ''),
    );
  }
}

/**
 * A loss axis label: decimals from 0.001 to 5000 (0.03, as the lessons write losses), powers of
 * ten beyond (1e-4, 1e20; d3's 1e+20 crowded the axis title).
 */
export function lossTick(v: number): string {
  // Two significant digits at most: the ticks are 1, 1.5, 2, 3, 5 or 7 × 10ᵏ.
  if (v >= 1e-3 && v < 1e4) return String(+v.toPrecision(2));
  return format('.2~e')(v).replace('e+', 'e');
}

/**
 * The families of tick values a log axis may use: each power of ten times these mantissas, or
 * (`every` > 1) every `every`-th power of ten, for axes over many decades.
 */
const LOG_FAMILIES: { mantissas: number[]; every: number; from: number }[] = [
  // Every `every`-th power, from any of them (…, 1e-19, 1e-17, … as well as 1e-20, 1e-18, …).
  ...[1, 2, 3, 4, 5, 10, 20].flatMap((every) =>
    Array.from({ length: every }, (_, from) => ({ mantissas: [1], every, from })),
  ),
  { mantissas: [1, 3], every: 1, from: 0 },
  { mantissas: [1, 2, 5], every: 1, from: 0 },
  { mantissas: [1, 2, 3, 5], every: 1, from: 0 },
  { mantissas: [1, 1.5, 2, 3, 5, 7], every: 1, from: 0 },
];

/**
 * A log axis over at least [lo, hi] whose two ends are labelled ticks: of the tick families
 * that give two to seven labels, the one that widens the range least (then the one whose label
 * count is nearer five), its ends moved out to the ticks just beyond [lo, hi]. Labels ending a third of the
 * way in left the lowest and highest losses unreadable (0.0013 under a lowest label of 0.003).
 */
export function logAxis(lo: number, hi: number): { domain: [number, number]; ticks: number[] } {
  const [a, b] = logDomain(lo, hi);
  if (!Number.isFinite(b)) return { domain: [a, b], ticks: [] };
  const at = (m: number, e: number) => Number(`${m}e${e}`); // exact decimal, no 10^e rounding
  const slack = 1e-9;
  let best: { domain: [number, number]; ticks: number[] } | null = null;
  const e0 = Math.floor(Math.log10(a)) - 1;
  const e1 = Math.ceil(Math.log10(b)) + 1;
  for (const { mantissas, every, from } of LOG_FAMILIES) {
    // The family's values from a decade below a to a decade above b, in order.
    const values: number[] = [];
    for (let e = Math.floor((e0 - from) / every) * every + from; e <= e1 + every; e += every)
      for (const m of mantissas) values.push(at(m, e));
    const low = values.filter((v) => v <= a * (1 + slack)).pop();
    const high = values.find((v) => v >= b * (1 - slack));
    if (low === undefined || high === undefined) continue;
    const ticks = values.filter((v) => v >= low && v <= high);
    if (ticks.length < 2 || ticks.length > 7) continue;
    const span = Math.log10(high / low);
    const bestSpan = best ? Math.log10(best.domain[1] / best.domain[0]) : Infinity;
    // Of equally wide axes, the one whose label count is nearest five (not 0.001 and 1 alone).
    const nearer = (n: number, m: number) => Math.abs(n - 5) < Math.abs(m - 5);
    if (
      span < bestSpan - 1e-9 ||
      (Math.abs(span - bestSpan) <= 1e-9 && best && nearer(ticks.length, best.ticks.length))
    )
      best = { domain: [low, high], ticks };
  }
  return best ?? { domain: [a, b], ticks: [a, b] };
}

/**
 * A log-scale domain spanning at least one decade, centred (in log terms) on [lo, hi]. A
 * narrower one (a single point, or a run that diverged after a few examples) gave ticks that
 * the axis's one-digit labels printed as the same number several times.
 */
export function logDomain(lo: number, hi: number): [number, number] {
  if (!(lo > 0) || !(hi >= lo)) return [1e-4, 1];
  if (hi / lo >= 10) return [lo, hi];
  const centre = Math.sqrt(lo * hi);
  return [centre / Math.sqrt(10), centre * Math.sqrt(10)];
}
