/** The flows API as a Sankey: readable names, and links without empty flows. */
export interface FlowData {
  nodes: { name: string }[];
  links: { source: number; target: number; value: number }[];
}

const NAMES: Record<string, string> = {
  conversations: 'All conversations',
  bot: 'Bot answered',
  'bot fallback': 'Bot fell back',
  handoff: 'Handed to an agent',
  'agent only': 'Agent only',
  'no reply': 'No reply',
  resolved: 'Resolved',
  abandoned: 'Abandoned',
  came_back: 'Came back',
  open: 'Still open',
};

export function sankeyData(api: { nodes: { name: string }[]; links: { source: number; target: number; value: number }[] }): FlowData {
  return {
    nodes: api.nodes.map((n) => ({ name: NAMES[n.name] ?? n.name })),
    links: api.links.filter((l) => l.value > 0).map((l) => ({ source: l.source, target: l.target, value: l.value })),
  };
}

export function nodeKey(display: string): string {
  return Object.entries(NAMES).find(([, v]) => v === display)?.[0] ?? display;
}
