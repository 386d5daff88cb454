import { ReactNode, useMemo, useState } from 'react';
import { csvField } from '../../../analytics/src/text/spreadsheet';

export interface Column<T> {
  key: string;
  label: string;
  value: (row: T) => string | number | null;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
}


/** A sortable table that exports what it shows as CSV. `morePages`: the rows are one page of a paged list. */
export function DataTable<T>({
  rows,
  columns,
  name,
  onRowClick,
  initialSort,
  initialDirection = -1,
  morePages,
}: {
  rows: T[];
  columns: Column<T>[];
  name: string;
  onRowClick?: (row: T) => void;
  initialSort?: string;
  /** -1: largest first (the default); 1: smallest first (hours of the day). */
  initialDirection?: 1 | -1;
  morePages?: boolean;
}) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 }>({ key: initialSort ?? columns[0].key, dir: initialDirection });
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === sort.key) ?? columns[0];
    return [...rows].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sort.dir;
    });
  }, [rows, columns, sort]);
  const exportCsv = () => {
    const lines = [columns.map((c) => csvField(c.label)).join(','), ...sorted.map((r) => columns.map((c) => csvField(c.value(r))).join(','))];
    const url = URL.createObjectURL(new Blob([lines.join('\n')], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="table-wrap">
      <div className="table-tools">
        <span>
          {rows.length.toLocaleString()} rows{morePages ? ' on this page' : ''}
        </span>
        <button onClick={exportCsv} title="The rows this table shows, as a CSV file">Table as CSV</button>
      </div>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : ''} aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                <button onClick={() => setSort({ key: c.key, dir: sort.key === c.key ? (-sort.dir as 1 | -1) : -1 })}>
                  {c.label} {sort.key === c.key ? (sort.dir === 1 ? '▲' : '▼') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r, i) => (
            <tr key={i} onClick={onRowClick ? () => onRowClick(r) : undefined} className={onRowClick ? 'clickable' : ''}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : ''}>
                  {c.render ? c.render(r) : c.value(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
