/**
 * Worst absolute error of every fast activation (and of its derivative) against the exact
 * function in float64, over x ∈ [−20, 20] on 400,001 evenly spaced points. The bounds are the
 * ones stated in engine/assembly/kernels/activations.ts. The exact float32 forms are checked too
 * (they must be within float32 rounding of float64). Also checks fastExp/fastLn/fastSin/fastCos.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineExports } from '../../src/lib/engine/engine';
import { ACTIVATIONS, type Activation } from '../../src/lib/engine/types';
import { exported, FAST_BOUNDS, rawEngine } from './helpers';
// The float64 oracle: the reference trainer's activations (themselves checked in reference.test.ts).
import { activation, defaultActivationParam } from './reference';

/** Exact-mode bounds: float32 rounding, scaled by |f| up to 20 where the function grows. */
const EXACT_BOUND = 4e-6;

let w: EngineExports;
beforeAll(async () => {
  w = await rawEngine(true);
});

function worst(kind: number, fast: boolean, f: (x: number) => number, df: (x: number) => number) {
  const param = defaultActivationParam(ACTIVATIONS[kind]);
  let ef = 0;
  let ed = 0;
  let atF = 0;
  let atD = 0;
  for (let k = 0; k <= 400_000; k++) {
    const x = Math.fround(-20 + k * 1e-4);
    const e1 = Math.abs(exported(w, 'testActivationValue')(kind, fast ? 1 : 0, param, x) - f(x));
    const e2 = Math.abs(
      exported(w, 'testActivationDerivative')(kind, fast ? 1 : 0, param, x) - df(x),
    );
    if (e1 > ef) [ef, atF] = [e1, x];
    if (e2 > ed) [ed, atD] = [e2, x];
  }
  return { ef, ed, atF, atD };
}

describe('fast activations: worst absolute error over [−20, 20]', () => {
  // The forms that are approximated (a zero bound means exact in fast mode too).
  for (const [name, [fb, db]] of Object.entries(FAST_BOUNDS).filter(([, [f]]) => f > 0)) {
    it(`${name} f < ${fb}, f' < ${db}`, () => {
      const kind = ACTIVATIONS.indexOf(name as Activation);
      const { f, df } = activation(name as Activation);
      const r = worst(kind, true, f, df);
      console.log(
        `fast ${name.padEnd(9)} f ${r.ef.toExponential(1)} (x=${r.atF.toFixed(3)})  f' ${r.ed.toExponential(1)} (x=${r.atD.toFixed(3)})`,
      );
      expect(r.ef).toBeLessThan(fb);
      expect(r.ed).toBeLessThan(db);
    });
  }
});

describe('exact activations are float32-accurate', () => {
  for (const name of ACTIVATIONS) {
    it(`${name}`, () => {
      const kind = ACTIVATIONS.indexOf(name);
      const { f, df } = activation(name);
      const r = worst(kind, false, f, df);
      // Relative to the size of the values involved (x·cos x reaches 20).
      expect(r.ef).toBeLessThan(EXACT_BOUND * 5);
      expect(r.ed).toBeLessThan(EXACT_BOUND * 5);
    });
  }
});

describe('fast math primitives', () => {
  it('fastExp relative error < 5e-6 on [−87, 87] and < 1.5e-6 on [−20, 20]', () => {
    let wide = 0;
    let narrow = 0;
    for (let x = -87; x <= 87; x += 0.001) {
      const xf = Math.fround(x);
      const rel = Math.abs(exported(w, 'testFastExp')(xf) / Math.exp(xf) - 1);
      wide = Math.max(wide, rel);
      if (Math.abs(xf) <= 20) narrow = Math.max(narrow, rel);
    }
    expect(wide).toBeLessThan(5e-6);
    expect(narrow).toBeLessThan(1.5e-6);
  });
  it('fastExp clamps instead of overflowing', () => {
    expect(Number.isFinite(exported(w, 'testFastExp')(1000))).toBe(true);
    expect(exported(w, 'testFastExp')(-1000)).toBeGreaterThanOrEqual(0);
    expect(exported(w, 'testFastExp')(-1000)).toBeLessThan(1e-37);
  });
  it('fastLn relative error < 2e-7 on normal positive floats', () => {
    let worstAbs = 0;
    for (let e = -30; e <= 30; e += 0.0007) {
      const x = Math.fround(Math.exp(e));
      const err =
        Math.abs(exported(w, 'testFastLn')(x) - Math.log(x)) / Math.max(1, Math.abs(Math.log(x)));
      worstAbs = Math.max(worstAbs, err);
    }
    expect(worstAbs).toBeLessThan(2e-7);
  });
  it('fastSin and fastCos absolute error < 3e-7 on [−20, 20]', () => {
    let es = 0;
    let ec = 0;
    for (let x = -20; x <= 20; x += 0.0003) {
      const xf = Math.fround(x);
      es = Math.max(es, Math.abs(exported(w, 'testFastSin')(xf) - Math.sin(xf)));
      ec = Math.max(ec, Math.abs(exported(w, 'testFastCos')(xf) - Math.cos(xf)));
    }
    expect(es).toBeLessThan(3e-7);
    expect(ec).toBeLessThan(3e-7);
  });
});
