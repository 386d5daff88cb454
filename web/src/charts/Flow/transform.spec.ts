import { nodeKey, sankeyData } from './transform';

describe('flow as a Sankey', () => {
  it('names the stages for people and drops empty links', () => {
    const data = sankeyData({
      nodes: [{ name: 'conversations' }, { name: 'bot' }, { name: 'handoff' }, { name: 'custom stage' }],
      links: [
        { source: 0, target: 1, value: 10 },
        { source: 1, target: 2, value: 0 },
        { source: 1, target: 3, value: 2 },
      ],
    });
    expect(data.nodes.map((n) => n.name)).toEqual(['All conversations', 'Bot answered', 'Handed to an agent', 'custom stage']);
    expect(data.links).toEqual([
      { source: 0, target: 1, value: 10 },
      { source: 1, target: 3, value: 2 },
    ]);
  });

  it('finds the API name behind a shown one', () => {
    expect(nodeKey('Handed to an agent')).toBe('handoff');
    expect(nodeKey('custom stage')).toBe('custom stage');
  });
});
