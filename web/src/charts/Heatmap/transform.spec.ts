import { heatRows } from './transform';

describe('intent × reason heat map', () => {
  const matrix = [
    { intentId: 1, intent: 'refund', reason: 'fallback_loop', conversations: 8 },
    { intentId: 1, intent: 'refund', reason: 'asked_for_human', conversations: 2 },
    { intentId: 2, intent: 'parcel', reason: 'asked_for_human', conversations: 4 },
  ];

  it('gives every intent a cell per reason, empty ones too, shaded against the largest', () => {
    const rows = heatRows(matrix, ['asked_for_human', 'fallback_loop']);
    expect(rows.map((r) => r.intent)).toEqual(['refund', 'parcel']);
    expect(rows[0].cells).toEqual([
      { reason: 'asked_for_human', count: 2, intentId: 1, shade: 0.25 },
      { reason: 'fallback_loop', count: 8, intentId: 1, shade: 1 },
    ]);
    expect(rows[1].cells[1]).toEqual({ reason: 'fallback_loop', count: 0, intentId: null, shade: 0 });
  });

  it('shows at most the first intents asked for', () => {
    expect(heatRows(matrix, ['fallback_loop'], 1).map((r) => r.intent)).toEqual(['refund']);
  });
});
