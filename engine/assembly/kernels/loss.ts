// Losses of one example, output y and target t, with dL/dy beside each. The reported and
// optimized loss of a batch is the mean over its examples.
//   0 mse    L = (y − t)²  (no ½)                          dL/dy = 2(y − t)
//   1 bce    L = −[t·ln ŷ + (1 − t)·ln(1 − ŷ)], ŷ = clamp(y, 1e-7, 1 − 1e-7)
//                                                          dL/dy = (ŷ − t)/(ŷ(1 − ŷ))   (clamp treated as identity)
//   2 huber  L = ½r² if |r| ≤ δ else δ(|r| − ½δ), r = y − t  dL/dy = clamp(r, −δ, δ)

export const MSE = 0;
export const BCE = 1;
export const HUBER = 2;

// @ts-ignore: decorator
@inline const BCE_EPS: f32 = 1e-7;

// @ts-ignore: decorator
@inline
export function lossValue(kind: i32, delta: f32, y: f32, t: f32): f32 {
  if (kind == MSE) {
    const r = y - t;
    return r * r;
  }
  if (kind == BCE) {
    const yc = min<f32>(max<f32>(y, BCE_EPS), <f32>1.0 - BCE_EPS);
    return -(t * Mathf.log(yc) + (<f32>1.0 - t) * Mathf.log(<f32>1.0 - yc));
  }
  const r = y - t;
  const ar = abs<f32>(r);
  return ar <= delta ? <f32>0.5 * r * r : delta * (ar - <f32>0.5 * delta);
}

// @ts-ignore: decorator
@inline
export function lossDerivative(kind: i32, delta: f32, y: f32, t: f32): f32 {
  if (kind == MSE) return <f32>2.0 * (y - t);
  if (kind == BCE) {
    const yc = min<f32>(max<f32>(y, BCE_EPS), <f32>1.0 - BCE_EPS);
    return (yc - t) / (yc * (<f32>1.0 - yc));
  }
  return min<f32>(max<f32>(y - t, -delta), delta);
}
