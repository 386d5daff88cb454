import type { WhenCell } from '#contracts';

export type GridMeasure = 'conversations' | 'escalation' | 'deflection';

export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A cell of the weekday × hour grid as drawn: its value for the measure, its text, and its shade (0 to 1). */
export interface DrawnCell {
  weekday: number;
  hour: number;
  value: number | null;
  text: string;
  shade: number;
  title: string;
}

/**
 * Rows of the grid (Monday first), each 24 cells. Conversations shade by their share of the busiest cell; rates by
 * themselves (0–100%), and a rate over fewer than `minConversations` conversations is left blank (too few to read).
 */
export function gridRows(cells: WhenCell[], measure: GridMeasure, minConversations = 5): DrawnCell[][] {
  const max = Math.max(1, ...cells.map((c) => c.conversations));
  const rows: DrawnCell[][] = Array.from({ length: 7 }, () => []);
  for (const c of [...cells].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour)) {
    const rate = measure === 'escalation' ? c.escalationRate : measure === 'deflection' ? c.deflectionRate : null;
    const readable = measure === 'conversations' || (rate !== null && c.conversations >= minConversations);
    const value = measure === 'conversations' ? c.conversations : readable ? rate : null;
    const text = value === null || (measure === 'conversations' && value === 0) ? '' : measure === 'conversations' ? String(value) : `${Math.round(value * 100)}`;
    const when = `${WEEKDAY_NAMES[c.weekday]} ${String(c.hour).padStart(2, '0')}:00–${String(c.hour).padStart(2, '0')}:59`;
    rows[c.weekday].push({
      weekday: c.weekday,
      hour: c.hour,
      value,
      text,
      shade: value === null ? 0 : measure === 'conversations' ? value / max : value,
      title: `${when}: ${c.conversations} conversations${c.escalationRate !== null ? `, escalation ${Math.round(c.escalationRate * 100)}%` : ''}${c.deflectionRate !== null ? `, deflection ${Math.round(c.deflectionRate * 100)}%` : ''}`,
    });
  }
  return rows;
}
