/**
 * The benchmark's plain-JavaScript float64 trainer (the usual hand-written approach), run in a
 * worker thread of the benchmark's process by bench/engine.bench.ts.
 *
 * Why a worker: V8 keeps a process-wide (per-isolate) guard that lets optimized code skip the
 * "has this ArrayBuffer been detached?" test on typed-array accesses. Growing a Wasm memory
 * detaches its old buffer and drops that guard for the whole isolate, and typed-array code like
 * this trainer then runs about 18% slower (measured here: 345k against 284k examples/s on the
 * GCU network after one ArrayBuffer was detached). The engines in the benchmark grow their
 * memories, so in the same isolate the baseline was handicapped and every ratio flattered the
 * engine. A worker is its own isolate in the same process: the baseline runs as it would in a
 * page of its own.
 *
 * One worker per trainer, for the same reason: trainers of different networks sharing one
 * isolate share `train`'s type feedback, so its calls of the activation functions see four
 * kinds of function instead of one. The [24, 12] tanh trainer ran 5–8% slower that way
 * (203k against 214k examples/s at batch 1, 248k against 268k at batch 32).
 *
 * Messages: { create: key, hidden, activations, batch } builds and warms up a trainer and
 * answers { ready: key }; { window: key, ms, chunk } trains in chunks for ms milliseconds and
 * answers { rate } in examples per second.
 */
import { parentPort } from 'node:worker_threads';

const ACT = {
  tanh: [Math.tanh, (x) => 1 - Math.tanh(x) ** 2],
  leakyRelu: [(x) => (x > 0 ? x : 0.01 * x), (x) => (x > 0 ? 1 : 0.01)],
  gcu: [(x) => x * Math.cos(x), (x) => Math.cos(x) - x * Math.sin(x)],
  sigmoid: [
    (x) => 1 / (1 + Math.exp(-x)),
    (x) => {
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 - s);
    },
  ],
};

export class PlainTrainer {
  w = [];
  b = [];
  gw = [];
  gb = [];
  z = [];
  a = [];
  d = [];
  seed = 1;
  lr = 0.08;

  constructor(c, batch) {
    this.batch = batch;
    this.sizes = [2, ...c.hidden, 1];
    this.acts = [...c.activations.map((n) => ACT[n]), ACT.sigmoid];
    for (let l = 1; l < this.sizes.length; l++) {
      const n = this.sizes[l] * this.sizes[l - 1];
      const lim = l === this.sizes.length - 1 ? 1 : 0.1;
      this.w.push(Float64Array.from({ length: n }, () => (this.random() * 2 - 1) * lim));
      this.b.push(new Float64Array(this.sizes[l]));
      this.gw.push(new Float64Array(n));
      this.gb.push(new Float64Array(this.sizes[l]));
    }
    for (const n of this.sizes) {
      this.z.push(new Float64Array(n));
      this.a.push(new Float64Array(n));
      this.d.push(new Float64Array(n));
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
        const w = this.w[l - 1];
        for (let o = 0; o < this.sizes[l]; o++) {
          let s = this.b[l - 1][o];
          for (let i = 0; i < nIn; i++) s += w[o * nIn + i] * this.a[l - 1][i];
          this.z[l][o] = s;
          this.a[l][o] = this.acts[l - 1][0](s);
        }
      }
      this.d[L][0] = (2 * (this.a[L][0] - t) * this.acts[L - 1][1](this.z[L][0])) / this.batch;
      for (let l = L; l >= 1; l--) {
        const nIn = this.sizes[l - 1];
        const w = this.w[l - 1];
        const gw = this.gw[l - 1];
        if (l > 1) {
          for (let i = 0; i < nIn; i++) {
            let s = 0;
            for (let o = 0; o < this.sizes[l]; o++) s += w[o * nIn + i] * this.d[l][o];
            this.d[l - 1][i] = s * this.acts[l - 2][1](this.z[l - 1][i]);
          }
        }
        for (let o = 0; o < this.sizes[l]; o++) {
          const dv = this.d[l][o];
          for (let i = 0; i < nIn; i++) gw[o * nIn + i] += dv * this.a[l - 1][i];
          this.gb[l - 1][o] += dv;
        }
      }
      if ((e + 1) % this.batch === 0) {
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

const trainers = new Map();
parentPort?.on('message', (m) => {
  if (m.create !== undefined) {
    const trainer = new PlainTrainer({ hidden: m.hidden, activations: m.activations }, m.batch);
    trainer.train(2048); // warm-up and JIT tier-up
    trainers.set(m.create, trainer);
    parentPort.postMessage({ ready: m.create });
  } else if (m.window !== undefined) {
    const trainer = trainers.get(m.window);
    let done = 0;
    const start = performance.now();
    let now = start;
    while (now - start < m.ms) {
      trainer.train(m.chunk);
      done += m.chunk;
      now = performance.now();
    }
    parentPort.postMessage({ rate: (done / (now - start)) * 1000 });
  }
});
