import { trendRows } from './transform';

describe('trend rows', () => {
  it('turns rates into percentages with one decimal and keeps gaps as gaps', () => {
    const rows = trendRows([
      { period: '2024-06-01', conversations: 12, deflectionRate: 0.41666, escalationRate: null, repeatContactRate: 0.1, averageSentiment: -0.1234 },
      { period: '2024-06-02', conversations: 0, deflectionRate: null, escalationRate: 0, repeatContactRate: null, averageSentiment: null },
    ]);
    expect(rows).toEqual([
      { period: '2024-06-01', conversations: 12, deflection: 41.7, escalation: null, repeat: 10, sentiment: -0.12 },
      { period: '2024-06-02', conversations: 0, deflection: null, escalation: 0, repeat: null, sentiment: null },
    ]);
  });
});
