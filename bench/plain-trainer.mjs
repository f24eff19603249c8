/**
 * The benchmark's plain-JavaScript float64 trainer: the usual hand-written approach, written with
 * the care a good engineer would give it, so that the engine's speed-up over it is not flattered.
 * bench/engine.bench.ts runs each trainer in a worker thread of its own.
 *
 * What "with care" means (examples/s at batch 1 on this machine, each step on top of the last):
 * - Arrays are looked up once per layer, not inside the inner loops: [24, 12] tanh 210k → 290k.
 * - Each activation gives f′ beside f from the same work (1 − y² for tanh, y·(1 − y) for the
 *   sigmoid, one cosine shared by x·cos x and its derivative), as the engine does, instead of
 *   computing f′ from z again in the backward pass: 290k → 324k.
 * - At batch 1 the weights are updated in place (the original sandbox's per-example algorithm,
 *   which the engine runs too) in one pass over W that also sums the Δ of the layer below from
 *   the weights before their update, as the engine's fused kernel does; the sums run over o in
 *   the same order, so the numbers are those of a separate gradient pass. A gradient buffer and a
 *   second pass: 324k; in place: 428k; in place and in one pass: 456k ([64, 32] leaky 68k, 104k,
 *   124k).
 * At batch 1 the version before these three was half as fast or less on every benchmark network,
 * so the speed-ups reported against it were twice too high or more; at batch 32 (only the first
 * two apply) it was 1.0–1.7× slower. tests/engine/bench-baseline.test.ts checks that this trainer
 * gives the weights of the tests' float64 reference trainer, for every network and batch size
 * the benchmark uses. It also sums the loss, as the engine does.
 *
 * Why workers: V8 keeps a per-isolate guard that lets optimized code skip the "has this
 * ArrayBuffer been detached?" test on typed-array accesses. Growing a Wasm memory detaches its
 * old buffer and drops that guard for the whole isolate, and typed-array code then runs slower
 * (18% for an earlier version of this trainer). The engines in the benchmark grow their
 * memories. And trainers of different networks in one isolate would share `train`'s type
 * feedback, so its calls of the activation functions would see up to four functions instead of
 * two or three (5–8% on the tanh network). Each trainer runs as it would in a page of its own.
 *
 * Messages (one trainer per worker, started with workerData { plainTrainer: true }):
 * { create: { hidden, activations, batch, settings } } builds and warms up the trainer and answers
 * { ready: true }; { window: { ms, chunk } } trains in chunks for ms milliseconds and answers
 * { rate } in examples per second.
 */
import { parentPort, workerData } from 'node:worker_threads';

// Each activation returns f(s) and writes f'(s) into der[k], from what f computed on the way.
const ACT = {
  tanh: (s, der, k) => {
    const y = Math.tanh(s);
    der[k] = 1 - y * y;
    return y;
  },
  leakyRelu: (s, der, k) => {
    der[k] = s > 0 ? 1 : 0.01;
    return s > 0 ? s : 0.01 * s;
  },
  gcu: (s, der, k) => {
    const c = Math.cos(s);
    der[k] = c - s * Math.sin(s);
    return s * c;
  },
  sigmoid: (s, der, k) => {
    const y = 1 / (1 + Math.exp(-s));
    der[k] = y * (1 - y);
    return y;
  },
};

export class PlainTrainer {
  w = [];
  b = [];
  gw = [];
  gb = [];
  a = []; // outputs f(z)
  d = []; // f′(z)
  g = []; // Δ = dL/dz
  seed = 1;
  lossSum = 0; // squared errors summed, as the engine's running loss
  examples = 0; // seen so far: batches run across calls of train()

  /**
   * @param {{ hidden: number[], activations: string[] }} c the hidden layers (a sigmoid output follows)
   * @param {number} batch
   * @param {{ learningRate: number, hiddenInit: number, outputInit: number }} settings as
   *   bench/networks.ts BENCH_SETTINGS: the engine's configuration in the benchmark
   */
  constructor(c, batch, settings) {
    this.batch = batch;
    this.lr = settings.learningRate;
    this.sizes = [2, ...c.hidden, 1];
    this.acts = [...c.activations.map((n) => ACT[n]), ACT.sigmoid];
    for (let l = 1; l < this.sizes.length; l++) {
      const n = this.sizes[l] * this.sizes[l - 1];
      const output = l === this.sizes.length - 1;
      const lim = output ? settings.outputInit : settings.hiddenInit;
      this.w.push(Float64Array.from({ length: n }, () => (this.random() * 2 - 1) * lim));
      this.b.push(
        Float64Array.from({ length: this.sizes[l] }, () =>
          output ? 0 : (this.random() * 2 - 1) * settings.hiddenInit,
        ),
      );
      this.gw.push(new Float64Array(n));
      this.gb.push(new Float64Array(this.sizes[l]));
    }
    for (const n of this.sizes) {
      this.a.push(new Float64Array(n));
      this.d.push(new Float64Array(n));
      this.g.push(new Float64Array(n));
    }
  }

  random() {
    this.seed = (this.seed * 1664525 + 1013904223) >>> 0;
    return this.seed / 4294967296;
  }

  train(n) {
    const L = this.sizes.length - 1;
    for (let e = 0; e < n; e++) {
      const x = this.random();
      const y = this.random();
      const t =
        x < 0.1 || y < 0.1 || x > 0.9 || y > 0.9
          ? Math.max(x, y)
          : Math.abs(Math.sin(6 * x)) * Math.abs(Math.sin(6 * y));
      this.a[0][0] = x;
      this.a[0][1] = y;
      for (let l = 1; l <= L; l++) {
        const nIn = this.sizes[l - 1];
        const nOut = this.sizes[l];
        const w = this.w[l - 1];
        const bias = this.b[l - 1];
        const x = this.a[l - 1];
        const a = this.a[l];
        const der = this.d[l];
        const f = this.acts[l - 1];
        for (let o = 0; o < nOut; o++) {
          let s = bias[o];
          const row = o * nIn;
          for (let i = 0; i < nIn; i++) s += w[row + i] * x[i];
          a[o] = f(s, der, o);
        }
      }
      const r = this.a[L][0] - t;
      this.lossSum += r * r;
      this.g[L][0] = (2 * r * this.d[L][0]) / this.batch;
      for (let l = L; l >= 1; l--) {
        const nIn = this.sizes[l - 1];
        const nOut = this.sizes[l];
        const w = this.w[l - 1];
        const delta = this.g[l];
        const x = this.a[l - 1];
        if (this.batch === 1) {
          // Per example (the original's algorithm), in one pass over W: each weight is read
          // once for the Δ of the layer below (summed over o in order) and then updated in place.
          const bias = this.b[l - 1];
          const below = this.g[l - 1];
          if (l > 1) below.fill(0);
          for (let o = 0; o < nOut; o++) {
            const dv = delta[o];
            const step = this.lr * dv;
            const row = o * nIn;
            if (l > 1) {
              for (let i = 0; i < nIn; i++) {
                const wv = w[row + i];
                below[i] += wv * dv;
                w[row + i] = wv - step * x[i];
              }
            } else {
              for (let i = 0; i < nIn; i++) w[row + i] -= step * x[i];
            }
            bias[o] -= step;
          }
          if (l > 1) {
            const der = this.d[l - 1];
            for (let i = 0; i < nIn; i++) below[i] *= der[i];
          }
          continue;
        }
        if (l > 1) {
          const below = this.g[l - 1];
          const der = this.d[l - 1];
          for (let i = 0; i < nIn; i++) {
            let s = 0;
            for (let o = 0; o < nOut; o++) s += w[o * nIn + i] * delta[o];
            below[i] = s * der[i];
          }
        }
        const gw = this.gw[l - 1];
        const gb = this.gb[l - 1];
        for (let o = 0; o < nOut; o++) {
          const dv = delta[o];
          const row = o * nIn;
          for (let i = 0; i < nIn; i++) gw[row + i] += dv * x[i];
          gb[o] += dv;
        }
      }
      this.examples++;
      if (this.batch > 1 && this.examples % this.batch === 0) {
        for (let l = 0; l < L; l++) {
          for (let k = 0; k < this.w[l].length; k++) {
            this.w[l][k] -= this.lr * this.gw[l][k];
            this.gw[l][k] = 0;
          }
          for (let k = 0; k < this.b[l].length; k++) {
            this.b[l][k] -= this.lr * this.gb[l][k];
            this.gb[l][k] = 0;
          }
        }
      }
    }
  }
}

/**
 * Items per second of `step(chunk)` over one window of `ms` milliseconds (at least one call);
 * the benchmark times the engines with it too.
 * @param {(n: number) => unknown} step
 * @param {number} chunk
 * @param {number} ms
 */
export function timeWindow(step, chunk, ms) {
  let done = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    step(chunk);
    done += chunk;
    now = performance.now();
  }
  return (done / (now - start)) * 1000;
}

// Only as the benchmark's worker (not when a test or the benchmark itself imports this file).
let trainer = null; // one per worker
if (workerData?.plainTrainer)
  parentPort.on('message', (m) => {
    if (m.create) {
      const { hidden, activations, batch, settings } = m.create;
      trainer = new PlainTrainer({ hidden, activations }, batch, settings);
      trainer.train(2048); // warm-up and JIT tier-up
      parentPort.postMessage({ ready: true });
    } else if (m.window) {
      const rate = timeWindow((n) => trainer.train(n), m.window.chunk, m.window.ms);
      parentPort.postMessage({ rate });
    }
  });
