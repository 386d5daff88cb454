import type { WhenCell } from '#contracts';
import { gridRows } from './transform';

const cell = (weekday: number, hour: number, conversations: number, escalationRate: number | null = null, deflectionRate: number | null = null): WhenCell => ({ weekday, hour, conversations, escalationRate, deflectionRate });

describe('the weekday × hour grid', () => {
  const cells = Array.from({ length: 168 }, (_, i) => cell(Math.floor(i / 24), i % 24, 0));
  cells[9] = cell(0, 9, 40, 0.25, 0.5);
  cells[24 + 9] = cell(1, 9, 10, 0.5, null);
  cells[24 + 10] = cell(1, 10, 3, 1, 1);

  it('lays out seven rows of 24 hours, conversations shaded by the busiest cell', () => {
    const rows = gridRows(cells, 'conversations');
    expect(rows.map((r) => r.length)).toEqual([24, 24, 24, 24, 24, 24, 24]);
    expect(rows[0][9]).toMatchObject({ text: '40', shade: 1 });
    expect(rows[1][9]).toMatchObject({ text: '10', shade: 0.25 });
    expect(rows[2][0]).toMatchObject({ text: '', shade: 0 });
    expect(rows[0][9].title).toBe('Mon 09:00–09:59: 40 conversations, escalation 25%, deflection 50%');
  });

  it('shades a rate by itself and leaves it blank over too few conversations', () => {
    const rows = gridRows(cells, 'escalation');
    expect(rows[0][9]).toMatchObject({ value: 0.25, text: '25', shade: 0.25 });
    expect(rows[1][10]).toMatchObject({ value: null, text: '' });
    expect(gridRows(cells, 'deflection')[1][9]).toMatchObject({ value: null });
  });
});
