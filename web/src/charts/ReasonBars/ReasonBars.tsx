import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { barsHeight, ReasonBar } from './transform';

/** Breakdown reasons as horizontal bars by conversations touched; a bar opens its conversations. */
export function ReasonBars({ rows, onPick }: { rows: ReasonBar[]; onPick: (reason: string) => void }) {
  return (
    <ResponsiveContainer width="100%" height={barsHeight(rows.length)}>
      <BarChart data={rows} layout="vertical" margin={{ left: 20, right: 30 }}>
        <CartesianGrid stroke="#f1f5f9" />
        <XAxis type="number" tick={{ fontSize: 12 }} />
        <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Bar isAnimationActive={false} dataKey="conversations" name="Conversations" fill="#ea580c" cursor="pointer" onClick={(d: { payload?: ReasonBar }) => d.payload && onPick(d.payload.reason)} />
      </BarChart>
    </ResponsiveContainer>
  );
}
