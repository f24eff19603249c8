// Learning-rate schedules, in float64. t = examples seen when the step starts; η₀ the base rate.
//   warm-up W > 0:  η(t) = s(0)·t/W for t < W, then s(t − W)   (the schedule's clock starts after W)
//   0 constant      s(t) = η₀
//   1 step          s(t) = η₀·γ^⌊t/every⌋
//   2 exponential   s(t) = η₀·γ^(t/every)
//   3 cosine        s(t) = η_min + ½(η₀ − η_min)(1 + cos(π·min(t, P)/P))
//   4 sgdr          cosine within the current cycle: cycles of length P, P·mult, P·mult², …;
//                   s(t) = η_min + ½(η₀ − η_min)(1 + cos(π·t_c/P_c)), t_c the time into cycle c.

export const CONSTANT = 0;
export const STEP = 1;
export const EXPONENTIAL = 2;
export const COSINE = 3;
export const SGDR = 4;

function scheduled(kind: i32, base: f64, a: f64, b: f64, lo: f64, t: f64): f64 {
  switch (kind) {
    case STEP:
      return base * Math.pow(b, Math.floor(t / a));
    case EXPONENTIAL:
      return base * Math.pow(b, t / a);
    case COSINE:
      return lo + 0.5 * (base - lo) * (1.0 + Math.cos((Math.PI * min<f64>(t, a)) / a));
    case SGDR: {
      let period = a;
      let tc = t;
      if (b == 1.0) {
        tc = t - Math.floor(t / period) * period;
      } else {
        // b > 1: cycle n starts at S(n) = P·(bⁿ − 1)/(b − 1), so n = ⌊log(1 + t·(b − 1)/P) / log b⌋
        // in closed form (a loop over the cycles runs log t / log b times: for b just above 1,
        // millions of times per step). Rounding can put n one off near a boundary; the two
        // corrections below make S(n) ≤ t < S(n + 1) hold in the computed numbers.
        let n = Math.floor(Math.log1p((t * (b - 1.0)) / a) / Math.log(b));
        if (!(n >= 0)) n = 0;
        if (n > 0 && (a * (Math.pow(b, n) - 1.0)) / (b - 1.0) > t) n -= 1;
        if ((a * (Math.pow(b, n + 1.0) - 1.0)) / (b - 1.0) <= t) n += 1;
        period = a * Math.pow(b, n);
        tc = max<f64>(0, t - (a * (Math.pow(b, n) - 1.0)) / (b - 1.0));
        if (tc >= period) tc = period; // rounding at the very end of a cycle: its last rate
      }
      return lo + 0.5 * (base - lo) * (1.0 + Math.cos((Math.PI * tc) / period));
    }
  }
  return base;
}

/** The learning rate of a step starting at example t. a, b = every/period and gamma/mult; lo = η_min. */
export function learningRateAt(kind: i32, base: f64, a: f64, b: f64, lo: f64, warmup: f64, t: f64): f64 {
  if (warmup > 0 && t < warmup) return (scheduled(kind, base, a, b, lo, 0) * t) / warmup;
  return scheduled(kind, base, a, b, lo, warmup > 0 ? t - warmup : t);
}
