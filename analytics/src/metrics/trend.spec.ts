import { trendOf, trendRange } from './trend';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('intent trends', () => {
  const today = day('2024-07-01');

  it('covers the last 90 days of data by default, daily, with zeros', () => {
    const range = trendRange({}, { first: day('2017-01-01'), last: day('2024-06-30') }, today);
    expect(range).toEqual({ from: day('2024-04-02'), to: day('2024-06-30'), bucket: 'day' });
    const t = trendOf([{ day: day('2017-01-01'), messages: 5 }, { day: day('2024-06-29'), messages: 2 }, { day: day('2024-06-30'), messages: 3 }], range);
    expect(t.points).toHaveLength(90);
    expect(t.points.slice(-3)).toEqual([{ day: '2024-06-28', messages: 0 }, { day: '2024-06-29', messages: 2 }, { day: '2024-06-30', messages: 3 }]);
    expect(t.points.reduce((s, p) => s + p.messages, 0)).toBe(5);
  });

  it('follows the filter, and goes weekly (from Monday) past 92 days', () => {
    expect(trendRange({ fromMs: day('2024-06-01'), toMs: day('2024-06-08') }, { first: day('2024-01-01'), last: day('2024-06-30') }, today)).toEqual({ from: day('2024-06-01'), to: day('2024-06-07'), bucket: 'day' });
    const long = trendRange({ fromMs: day('2017-01-04'), toMs: day('2024-07-01') }, { first: day('2017-01-04'), last: day('2024-06-30') }, today);
    expect(long.bucket).toBe('week');
    expect(new Date(long.from).getUTCDay()).toBe(1);
    const t = trendOf([{ day: day('2017-01-04'), messages: 1 }, { day: day('2017-01-08'), messages: 2 }, { day: day('2017-01-09'), messages: 4 }], long);
    expect(t.points[0]).toEqual({ day: '2017-01-02', messages: 3 });
    expect(t.points[1]).toEqual({ day: '2017-01-09', messages: 4 });
    expect(t.points.length).toBeLessThan(400);
  });

  it('starts where the data starts when it holds fewer than 90 days', () => {
    expect(trendRange({}, { first: day('2024-06-10'), last: day('2024-06-30') }, today)).toEqual({ from: day('2024-06-10'), to: day('2024-06-30'), bucket: 'day' });
  });

  it('never reaches past today, whatever timestamps a log invented', () => {
    const range = trendRange({}, { first: day('2024-06-01'), last: day('2024-07-09') }, today);
    expect(range.to).toBe(today);
  });
});
