/**
 * Build-time helpers for the lesson pictures: sample a function of two inputs over a square and
 * turn it into a handful of SVG paths, one per colour level, with equal neighbours in a row
 * merged into one rectangle (so a 32×32 heatmap is a few paths, not a thousand rects).
 */

export type Field = (a: number, b: number) => number;

/** Where a heatmap goes (viewBox units) and which input range it shows. */
export interface Square {
  x: number;
  y: number;
  size: number;
  cells: number;
  /** Input range on both axes; the second input grows upwards. */
  lo: number;
  hi: number;
}

interface LevelPath {
  key: string;
  d: string;
}

const f1 = (v: number) => Number(v.toFixed(2)).toString();

/**
 * Sample `field` on the square's cell centres and group the cells by `keyOf(value)` (null: leave
 * empty). Equal neighbours in a row become one run, and a run that repeats exactly in the rows
 * below grows down instead of starting a new rectangle.
 */
function levelPaths(field: Field, sq: Square, keyOf: (v: number) => string | null): LevelPath[] {
  const step = sq.size / sq.cells;
  const at = (i: number) => sq.lo + ((i + 0.5) / sq.cells) * (sq.hi - sq.lo);
  const paths = new Map<string, string>();
  const emit = (key: string, start: number, end: number, top: number, rows: number) => {
    const w = (end - start) * step;
    const d = `M${f1(sq.x + start * step)} ${f1(sq.y + top * step)}h${f1(w)}v${f1(rows * step)}h${f1(-w)}z`;
    paths.set(key, (paths.get(key) ?? '') + d);
  };
  // Runs still growing downwards, by "key start end", with the row they started in.
  let open = new Map<string, { key: string; start: number; end: number; top: number }>();
  for (let r = 0; r <= sq.cells; r++) {
    const next = new Map<string, { key: string; start: number; end: number; top: number }>();
    if (r < sq.cells) {
      const b = at(sq.cells - 1 - r); // row 0 is the top
      let start = 0;
      let run: string | null = null;
      for (let c = 0; c <= sq.cells; c++) {
        const key = c < sq.cells ? keyOf(field(at(c), b)) : null;
        if (c === sq.cells || key !== run) {
          if (run !== null) {
            const id = `${run} ${start} ${c}`;
            next.set(id, open.get(id) ?? { key: run, start, end: c, top: r });
          }
          start = c;
          run = key;
        }
      }
    }
    for (const [id, o] of open) if (!next.has(id)) emit(o.key, o.start, o.end, o.top, r - o.top);
    open = next;
  }
  return [...paths.entries()].map(([key, d]) => ({ key, d }));
}

/** Viridis, in nine steps (CSS classes lp-v0…lp-v8), for values in [0, 1]. */
export function viridisPaths(field: Field, sq: Square): { cls: string; d: string }[] {
  return levelPaths(field, sq, (v) => `lp-v${Math.max(0, Math.min(8, Math.round(v * 8)))}`).map(
    (p) => ({ cls: p.key, d: p.d }),
  );
}

/**
 * The orange–blue diverging scale for signed values, as the hero picture draws it: the neutral
 * midpoint underneath (draw a `.lp-mid` rect first), then |v| / `max` in five opacity steps of
 * `.neg` or `.pos`. Values beyond ±max are clamped.
 */
export function divergingPaths(
  field: Field,
  sq: Square,
  max: number,
): { cls: string; opacity: string; d: string }[] {
  return levelPaths(field, sq, (v) => {
    const level = Math.min(5, Math.round((Math.abs(v) / max) * 5));
    return level === 0 ? null : `lp-${v < 0 ? 'neg' : 'pos'}-${level}`;
  }).map((p) => {
    const [, sign, level] = p.key.split('-');
    return { cls: `lp-${sign}`, opacity: ((Number(level) / 5) * 0.92).toFixed(2), d: p.d };
  });
}

/** The largest |field| on the square's cell centres. */
export function maxAbs(field: Field, sq: Pick<Square, 'cells' | 'lo' | 'hi'>): number {
  let m = 0;
  for (let i = 0; i < sq.cells; i++) {
    for (let j = 0; j < sq.cells; j++) {
      const a = sq.lo + ((i + 0.5) / sq.cells) * (sq.hi - sq.lo);
      const b = sq.lo + ((j + 0.5) / sq.cells) * (sq.hi - sq.lo);
      m = Math.max(m, Math.abs(field(a, b)));
    }
  }
  return m;
}

/** A deterministic generator in [0, 1) (Park–Miller), so the pictures are the same every build. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}
