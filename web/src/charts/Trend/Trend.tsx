import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Marker } from '../VersionMarkers/transform';
import { versionLines } from '../VersionMarkers/VersionMarkers';
import type { TrendPoint } from './transform';

/** Conversations (left axis) and the key rates in % (right axis) over time. */
export function Trend({ rows, onPick, markers = [] }: { rows: TrendPoint[]; onPick?: (period: string) => void; markers?: Marker[] }) {
  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart data={rows} margin={{ top: 10, right: 20, bottom: 0, left: 0 }} onClick={(e) => e?.activeLabel && onPick?.(String(e.activeLabel))}>
        <CartesianGrid stroke="#e5e7eb" />
        <XAxis dataKey="period" tick={{ fontSize: 12 }} />
        <YAxis yAxisId="n" tick={{ fontSize: 12 }} label={{ value: 'conversations', angle: -90, position: 'insideLeft', fontSize: 12 }} />
        <YAxis yAxisId="pct" orientation="right" unit="%" domain={[0, 100]} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        {versionLines(markers, 'n')}
        <Line yAxisId="n" type="monotone" dataKey="conversations" name="Conversations" stroke="#64748b" dot={false} strokeWidth={2} isAnimationActive={false} />
        <Line yAxisId="pct" type="monotone" dataKey="deflection" name="Deflection %" stroke="#16a34a" dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
        <Line yAxisId="pct" type="monotone" dataKey="escalation" name="Escalation %" stroke="#ea580c" dot={false} strokeWidth={2} isAnimationActive={false} />
        <Line yAxisId="pct" type="monotone" dataKey="repeat" name="Repeat contact %" stroke="#7c3aed" dot={false} strokeWidth={2} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
