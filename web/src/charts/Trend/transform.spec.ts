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

  it('shows no deflection for a day whose conversations are still mostly pending (1 decided of 79 is not 100%)', () => {
    const [pending, decided] = trendRows([
      { period: '2024-06-03', conversations: 79, deflectionRate: 1, escalationRate: 0.3, repeatContactRate: 0.2, averageSentiment: 0, botEngaged: 79, deflectionPending: 78 },
      { period: '2024-06-04', conversations: 60, deflectionRate: 0.5, escalationRate: 0.3, repeatContactRate: 0.2, averageSentiment: 0, botEngaged: 60, deflectionPending: 10 },
    ]);
    expect(pending.deflection).toBeNull();
    expect(decided.deflection).toBe(50);
  });
});
