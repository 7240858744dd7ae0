// Papers per year as a small bar chart (SVG, no library): the years between the first and the
// last filled in with zero so gaps show. Screen readers get the counts as text.

import { timelineBars } from '../timeline';

export function Timeline({ counts, label }: { counts: readonly { year: number; count: number }[]; label: string }) {
  const bars = timelineBars(counts);
  if (bars.length === 0) return <p className="muted">No dated papers.</p>;
  const max = Math.max(...bars.map((b) => b.count));
  const width = Math.max(bars.length * 36, 180);
  const height = 120;
  const plot = height - 30;
  const step = width / bars.length;
  const summary = counts.map((c) => `${c.year}: ${c.count}`).join(', ');
  return (
    <figure>
      <svg
        className="timeline"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${label}: ${summary}`}
      >
        {bars.map((b, i) => {
          const h = max === 0 ? 0 : Math.round((b.count / max) * (plot - 12));
          const x = i * step + step * 0.15;
          return (
            <g key={b.year}>
              <rect x={x} y={plot - h} width={step * 0.7} height={h} rx={2}>
                <title>{`${b.year}: ${b.count} paper${b.count === 1 ? '' : 's'}`}</title>
              </rect>
              {b.count > 0 ? (
                <text x={x + step * 0.35} y={plot - h - 3} textAnchor="middle">
                  {b.count}
                </text>
              ) : null}
              {bars.length <= 12 || i % Math.ceil(bars.length / 12) === 0 ? (
                <text x={x + step * 0.35} y={height - 8} textAnchor="middle">
                  {b.year}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{label}</figcaption>
    </figure>
  );
}
