import { ReferenceLine } from 'recharts';
import type { Marker } from './transform';

/**
 * Bot versions as dashed lines with their name, for a chart of days or weeks (`x`: the chart's category). Called
 * inside the chart (Recharts reads its reference lines from its own children).
 */
export function versionLines(markers: Marker[], yAxisId?: string) {
  return markers.map((m) => (
    <ReferenceLine key={m.at} x={m.at} yAxisId={yAxisId} stroke="#7c3aed" strokeDasharray="4 3" label={{ value: m.label, position: 'insideTopRight', fill: '#6d28d9', fontSize: 11 }} ifOverflow="extendDomain" />
  ));
}
