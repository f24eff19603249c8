/**
 * The born-dead survey as a bar chart: for each layer width, the share of freshly initialized
 * networks whose output is constant. Bars carry their percentage as text (colour is not the only
 * signal), and a table with the same numbers follows for screen readers and copying.
 */
import { For } from 'solid-js';
import type { BornDeadRow } from '../../lib/lessons/born-dead';
import { percent } from '../../lib/lessons/runner';

interface Props {
  rows: BornDeadRow[];
  depth: number;
}

const W = 340;
const H = 190;
const M = { top: 14, right: 8, bottom: 40, left: 40 };

export default function BornDeadChart(props: Props) {
  const band = () => (W - M.left - M.right) / Math.max(1, props.rows.length);
  const y = (share: number) => M.top + (1 - share) * (H - M.top - M.bottom);
  return (
    <figure class="guided-born-dead" data-testid="born-dead">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={summary(props.rows, props.depth)}
      >
        <For each={[0, 0.25, 0.5, 0.75, 1]}>
          {(t) => (
            <g>
              <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} class="grid" />
              <text x={M.left - 6} y={y(t) + 4} text-anchor="end" class="tick">
                {percent(t)}
              </text>
            </g>
          )}
        </For>
        <For each={props.rows}>
          {(row, i) => (
            <g>
              <rect
                x={M.left + i() * band() + band() * 0.15}
                width={band() * 0.7}
                y={y(row.share)}
                height={Math.max(0, y(0) - y(row.share))}
                class="bar"
              />
              <text
                x={M.left + (i() + 0.5) * band()}
                y={y(row.share) - 3}
                text-anchor="middle"
                class="value"
              >
                {percent(row.share)}
              </text>
              <text
                x={M.left + (i() + 0.5) * band()}
                y={H - M.bottom + 15}
                text-anchor="middle"
                class="tick"
              >
                {row.width}
              </text>
            </g>
          )}
        </For>
        <text x={(M.left + W - M.right) / 2} y={H - 6} text-anchor="middle" class="axis-label">
          neurons per layer ({props.depth} hidden ReLU layers)
        </text>
      </svg>
      <table class="guided-table">
        <caption>Networks born dead, by width ({props.rows[0]?.trials ?? 0} networks each)</caption>
        {/* A row per width: a column per width ran off a phone's screen. */}
        <thead>
          <tr>
            <th scope="col">neurons per layer</th>
            <th scope="col">born dead</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr>
                <th scope="row">{row.width}</th>
                <td>{percent(row.share)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </figure>
  );
}

function summary(rows: BornDeadRow[], depth: number): string {
  const parts = rows.map((r) => `width ${r.width}: ${percent(r.share)}`).join(', ');
  return `Share of networks with ${depth} hidden ReLU layers that are born dead, by width: ${parts}.`;
}
