/**
 * What the bot should learn next: candidate intents (what customers ask that no bot intent covers) ranked by what
 * they cost. A conversation costs one for each way it went wrong for the business: handed to a person, the bot
 * fell back, the customer abandoned it, the customer came back within the repeat window.
 */

export interface GapOutcomes {
  conversations: number;
  handoffs: number;
  /** Conversations in which the bot fell back at least once. */
  fallbacks: number;
  /** Conversations abandoned after a fallback or after the handoff. */
  abandoned: number;
  /** Conversations whose customer came back within the repeat window. */
  repeats: number;
}

export const GAP_COST_FORMULA = 'cost = handoffs + conversations with a bot fallback + abandoned conversations + repeat contacts';

export function gapCost(o: GapOutcomes): number {
  return o.handoffs + o.fallbacks + o.abandoned + o.repeats;
}

/** Candidates by cost, then by conversations, then by id (stable). */
export function rankGaps<T extends GapOutcomes & { id: number }>(gaps: T[]): (T & { cost: number })[] {
  return gaps.map((g) => ({ ...g, cost: gapCost(g) })).sort((a, b) => b.cost - a.cost || b.conversations - a.conversations || a.id - b.id);
}

/** A name a bot accepts for an intent: lower case, words joined by `_` (Chinese kept), at most 60 characters. */
export function intentName(label: string): string {
  const slug = label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
    .replace(/_+$/, '');
  return slug || 'new_intent';
}

/** Names made distinct for one file: a repeated name gets `_2`, `_3`, … */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
}

/** Rasa 3 NLU YAML of intents and their examples (quoted where YAML needs it, one example a line). */
export function rasaNlu(intents: { name: string; examples: string[] }[]): string {
  const lines = ['version: "3.1"', 'nlu:'];
  for (const i of intents) {
    lines.push(`- intent: ${JSON.stringify(i.name)}`, '  examples: |');
    for (const e of i.examples) lines.push(`    - ${e.replace(/\s+/g, ' ').trim()}`);
  }
  return lines.join('\n') + '\n';
}
