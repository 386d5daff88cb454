import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Marker } from '../VersionMarkers/transform';
import { versionLines } from '../VersionMarkers/VersionMarkers';

/** An intent's messages per day or week, with the bot's versions marked. */
export function IntentTrend({ points, markers = [] }: { points: { day: string; messages: number }[]; markers?: Marker[] }) {
  return (
    <ResponsiveContainer width="100%" height={160}>
      <LineChart data={points} margin={{ top: 5, right: 20, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#f1f5f9" />
        <XAxis dataKey="day" tick={{ fontSize: 11 }} />
        <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
        <Tooltip />
        {versionLines(markers)}
        <Line type="monotone" dataKey="messages" name="Messages" stroke="#2563eb" dot={false} strokeWidth={2} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
