import { heatRows } from './transform';

/** Intent × reason as a table of shaded cells; a cell opens the review queue for that reason and intent. */
export function Heatmap({
  rows,
  columns,
  onPick,
}: {
  rows: ReturnType<typeof heatRows>;
  columns: { reason: string; label: string }[];
  onPick: (reason: string, intentId: number | null) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="heat">
        <thead>
          <tr>
            <th>Intent</th>
            {columns.map((c) => (
              <th key={c.reason}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.intent}>
              <th>{row.intent}</th>
              {row.cells.map((cell) => (
                <td
                  key={cell.reason}
                  className="num clickable"
                  style={{ background: `rgba(234, 88, 12, ${cell.shade * 0.85})`, color: cell.shade > 0.5 ? '#fff' : '#111' }}
                  onClick={() => cell.count > 0 && onPick(cell.reason, cell.intentId)}
                >
                  {cell.count || ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
