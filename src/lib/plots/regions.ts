/**
 * How many separate regions of a T×T field are positive, and how many negative (cells joined
 * across edges; zeros belong to neither). A ramp is one of each; a GCU neuron's stripes are
 * several: what a screen-reader user cannot see in the picture, said in words.
 */
export function signRegions(values: ArrayLike<number>, T: number): { pos: number; neg: number } {
  const seen = new Uint8Array(T * T);
  const stack = new Int32Array(T * T);
  const sign = (k: number) => (values[k] > 0 ? 1 : values[k] < 0 ? -1 : 0);
  let pos = 0;
  let neg = 0;
  for (let start = 0; start < T * T; start++) {
    const s = sign(start);
    if (s === 0 || seen[start]) continue;
    if (s > 0) pos++;
    else neg++;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const k = stack[--top];
      const i = k % T;
      const j = (k - i) / T;
      const next = [
        i > 0 ? k - 1 : -1,
        i < T - 1 ? k + 1 : -1,
        j > 0 ? k - T : -1,
        j < T - 1 ? k + T : -1,
      ];
      for (const n of next)
        if (n >= 0 && !seen[n] && sign(n) === s) {
          seen[n] = 1;
          stack[top++] = n;
        }
    }
  }
  return { pos, neg };
}
