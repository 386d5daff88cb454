import { ResponsiveContainer, Sankey, Tooltip } from 'recharts';
import type { FlowData } from './transform';

const COLORS: Record<string, string> = { Resolved: '#16a34a', Abandoned: '#dc2626', 'Came back': '#7c3aed', 'Still open': '#94a3b8', 'Handed to an agent': '#ea580c', 'Bot fell back': '#f59e0b' };

function FlowNode(props: { x: number; y: number; width: number; height: number; payload: { name: string; value: number }; onPick?: (name: string) => void }) {
  const { x, y, width, height, payload, onPick } = props;
  return (
    <g onClick={() => onPick?.(payload.name)} style={{ cursor: onPick ? 'pointer' : 'default' }} data-node={payload.name}>
      <rect x={x} y={y} width={width} height={height} fill={COLORS[payload.name] ?? '#2563eb'} />
      <text x={x + width + 6} y={y + height / 2} dominantBaseline="middle" fontSize={12} fill="#111827">
        {payload.name} ({payload.value.toLocaleString()})
      </text>
    </g>
  );
}

/** From first contact through bot, fallback and handoff to the outcome; a node click drills down. */
export function Flow({ data, onPick }: { data: FlowData; onPick?: (name: string) => void }) {
  return (
    <ResponsiveContainer width="100%" height={360}>
      <Sankey data={data} nodePadding={24} margin={{ top: 10, right: 170, bottom: 10, left: 10 }} link={{ stroke: '#cbd5e1' }} node={<FlowNode x={0} y={0} width={0} height={0} payload={{ name: '', value: 0 }} onPick={onPick} />}>
        <Tooltip />
      </Sankey>
    </ResponsiveContainer>
  );
}
