import { versionMarkers } from './transform';

describe('bot versions on a chart', () => {
  const days = ['2024-06-01', '2024-06-02', '2024-06-03', '2024-06-04'];

  it('marks the day a version went live', () => {
    expect(versionMarkers(days, [{ bot: 'b', version: '12', releasedAt: '2024-06-03' }])).toEqual([{ at: '2024-06-03', label: 'v12' }]);
  });

  it('marks the week that holds it on a weekly chart, and leaves out versions off the chart', () => {
    const weeks = ['2024-06-03', '2024-06-10', '2024-06-17'];
    expect(
      versionMarkers(weeks, [
        { bot: 'b', version: '11', releasedAt: '2024-05-01' },
        { bot: 'b', version: '12', releasedAt: '2024-06-12' },
        { bot: 'b', version: '13', releasedAt: '2024-06-22' },
        { bot: 'b', version: '14', releasedAt: '2024-07-01' },
      ]),
    ).toEqual([
      { at: '2024-06-10', label: 'v12' },
      { at: '2024-06-17', label: 'v13' },
    ]);
  });

  it('names the bot when there are several, and shares a bucket', () => {
    expect(
      versionMarkers(days, [
        { bot: 'web', version: '3', releasedAt: '2024-06-02' },
        { bot: 'app', version: '7', releasedAt: '2024-06-02' },
      ]),
    ).toEqual([{ at: '2024-06-02', label: 'web 3, app 7' }]);
    expect(versionMarkers([], [{ bot: 'b', version: '1', releasedAt: '2024-06-02' }])).toEqual([]);
  });
});
