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
    // No allocation per cell: the neuron graph counts every neuron at each snapshot.
    const visit = (n: number) => {
      if (!seen[n] && sign(n) === s) {
        seen[n] = 1;
        stack[top++] = n;
      }
    };
    while (top > 0) {
      const k = stack[--top];
      const i = k % T;
      if (i > 0) visit(k - 1);
      if (i < T - 1) visit(k + 1);
      if (k >= T) visit(k - T);
      if (k < T * T - T) visit(k + T);
    }
  }
  return { pos, neg };
}
