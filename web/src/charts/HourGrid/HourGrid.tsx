import type { WhenCell } from '#contracts';
import { GridMeasure, gridRows, WEEKDAY_NAMES } from './transform';

const COLOURS: Record<GridMeasure, string> = { conversations: '37, 99, 235', escalation: '234, 88, 12', deflection: '22, 163, 74' };

/** Weekday × hour: a row a weekday, a column an hour; the measure's value in each cell, shaded; hover for all three. */
export function HourGrid({ cells, measure, timeZone }: { cells: WhenCell[]; measure: GridMeasure; timeZone: string }) {
  const rows = gridRows(cells, measure);
  return (
    <div className="table-wrap">
      <table className="heat hour-grid" aria-label={`Conversations by weekday and hour (${timeZone})`}>
        <thead>
          <tr>
            <th />
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h}>{String(h).padStart(2, '0')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, weekday) => (
            <tr key={weekday}>
              <th>{WEEKDAY_NAMES[weekday]}</th>
              {row.map((c) => (
                <td key={c.hour} className="num" title={c.title} style={{ background: `rgba(${COLOURS[measure]}, ${(c.shade * 0.85).toFixed(3)})`, color: c.shade > 0.5 ? '#fff' : '#111' }}>
                  {c.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
