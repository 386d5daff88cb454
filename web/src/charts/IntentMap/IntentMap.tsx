import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { MapPoint, PALETTE } from './transform';

/** Customer messages on a 2-D map, coloured by intent; clicking a group opens the intent. */
export function IntentMap({ series, onPick }: { series: { id: number | null; label: string; points: MapPoint[] }[]; onPick?: (id: number) => void }) {
  return (
    <ResponsiveContainer width="100%" height={380}>
      <ScatterChart margin={{ top: 10, right: 10, bottom: 10, left: 0 }}>
        <CartesianGrid stroke="#f1f5f9" />
        <XAxis type="number" dataKey="x" hide />
        <YAxis type="number" dataKey="y" hide />
        <ZAxis type="number" dataKey="count" range={[20, 200]} />
        <Tooltip content={({ payload }) => (payload?.[0] ? <div className="tooltip">{String((payload[0].payload as MapPoint).text)}</div> : null)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Scatter isAnimationActive={false} key={`${s.id}-${i}`} name={s.label} data={s.points} fill={PALETTE[i % PALETTE.length]} fillOpacity={0.7} onClick={() => s.id !== null && onPick?.(s.id)} />
        ))}
      </ScatterChart>
    </ResponsiveContainer>
  );
}
