/**
 * Training (and test) loss against examples seen, on a log scale, with the learning rate on a
 * second axis. SVG only: a few hundred points at most. The training loss is averaged over equal
 * spans of examples (`binByExamples`: each bucket weighs as many examples as it holds); the test
 * loss readings are thinned by `bucketMeans`.
 */
import { axisBottom, axisLeft, axisRight, format, line, scaleLinear, scaleLog, select } from 'd3';
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

export class LossChart {
  readonly root: SVGSVGElement;
  private options: LossChartOptions;

  constructor(container: HTMLElement, options: LossChartOptions) {
    this.options = options;
    this.root = select(container)
      .append('svg')
      .attr('class', 'loss-chart')
      .attr('viewBox', `0 0 ${options.width} ${options.height}`)
      .attr('width', options.width)
      .style('max-width', '100%')
      .style('height', 'auto')
      .attr('role', 'img')
      .attr('aria-label', 'Loss curve: no training yet')
      .node() as SVGSVGElement;
    this.update([]);
  }

  /**
   * Redraw from the loss history. `compare`, when given, is another run's history drawn on the
   * same axes (its training loss, class `series-compare`), so two runs can be read against each
   * other; the y domain covers both.
   */
  update(points: readonly LossPoint[], compare?: readonly LossPoint[], compareLabel = ''): void {
    const { width, height } = this.options;
    const svg = select(this.root);
    svg.selectAll('*').remove();
    const finite = points.filter(
      (p) => p.count > 0 && p.trainLoss > 0 && Number.isFinite(p.trainLoss),
    );
    if (finite.length === 0) {
      svg.attr('aria-label', 'Loss curve: no training yet');
      svg
        .append('rect')
        .attr('x', M.left)
        .attr('y', M.top)
        .attr('width', width - M.left - M.right)
        .attr('height', height - M.top - M.bottom)
        .attr('fill', 'none')
        .attr('stroke', 'currentColor')
        .attr('stroke-opacity', 0.15);
      svg
        .append('text')
        .attr('class', 'axis-label')
        .attr('x', (M.left + width - M.right) / 2)
        .attr('y', (M.top + height - M.bottom) / 2)
        .attr('text-anchor', 'middle')
        .text('The loss curve appears once training starts');
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
          comparePoints.length ? comparePoints[comparePoints.length - 1].examples : 0,
        ),
      ])
      .range([M.left, width - M.right]);
    const y = scaleLog()
      .domain(logDomain(Math.min(...all) * 0.9, Math.max(...all) * 1.1))
      .range([height - M.bottom, M.top]);
    svg
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${height - M.bottom})`)
      .call(axisBottom(x).ticks(4).tickFormat(format('~s')));
    svg
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${M.left},0)`)
      .call(axisLeft(y).ticks(4, '.0e'));
    svg
      .append('text')
      .attr('class', 'axis-label')
      .attr('x', (M.left + width - M.right) / 2)
      .attr('y', height - 4)
      .attr('text-anchor', 'middle')
      .text('examples seen');
    svg
      .append('text')
      .attr('class', 'axis-label')
      .attr('transform', `translate(12,${(height - M.bottom + M.top) / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text('loss (log)');
    const path = (ys: number[], xsOf: number[]) =>
      line<number>()
        .x((_, i) => x(xsOf[i]))
        .y((v) => y(v))(ys) ?? '';
    if (compareYs.length > 1) {
      // Dash-dotted, so that it differs from the training loss by more than its colour.
      svg
        .append('path')
        .attr('class', 'series series-compare')
        .attr('d', path(compareYs, compareXs))
        .attr('stroke-dasharray', COMPARE_DASH);
    }
    svg.append('path').attr('class', 'series series-train').attr('d', path(train, xs));
    if (test.length > 1) {
      svg
        .append('path')
        .attr('class', 'series series-test')
        .attr('d', path(test, testXs))
        .attr('stroke-dasharray', TEST_DASH);
    }
    // The latest value of each series as a dot: visible even when a series has a single point.
    const dot = (cls: string, xv: number, yv: number) =>
      svg
        .append('circle')
        .attr('class', `series-dot ${cls}`)
        .attr('r', 3)
        .attr('cx', x(xv))
        .attr('cy', y(yv));
    dot('series-train', xs[xs.length - 1], train[train.length - 1]);
    if (test.length > 0) dot('series-test', testXs[testXs.length - 1], test[test.length - 1]);
    if (this.options.showLearningRate) {
      const lrMax = Math.max(0, ...lrs.filter(Number.isFinite));
      const r = scaleLinear()
        .domain([0, lrMax > 0 ? lrMax : 1])
        .range([height - M.bottom, M.top]);
      svg
        .append('g')
        .attr('class', 'axis')
        .attr('transform', `translate(${width - M.right},0)`)
        .call(axisRight(r).ticks(3, '.2~g'));
      svg
        .append('path')
        .attr('class', 'series series-rate')
        .attr('stroke-dasharray', RATE_DASH)
        .attr(
          'd',
          line<number>()
            .x((_, i) => x(xs[i]))
            .y((v) => r(v))
            .defined(Number.isFinite)(lrs) ?? '',
        );
    }
    const last = finite[finite.length - 1];
    const compared = comparePoints[comparePoints.length - 1];
    svg.attr(
      'aria-label',
      `Loss curve: training loss ${format('.3g')(train[0])} at the start, ${format('.3g')(
        train[train.length - 1],
      )} at the end, after ${format(',')(last.examples)} examples` +
        (compareYs.length > 1 && compared
          ? `; for comparison, ${compareLabel || 'the other run'}: ${format('.3g')(
              compareYs[compareYs.length - 1],
            )} after ${format(',')(compared.examples)} examples`
          : ''),
    );
  }
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
