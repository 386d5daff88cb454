import { recognise, separatingThreshold, trainKnownIntents } from './known';

const unit = (xs: number[]) => {
  const n = Math.hypot(...xs);
  return xs.map((x) => x / n);
};

describe('the bot\'s known intents', () => {
  // Two intents along two axes, a little noise; a third direction is what the bot does not know.
  const examples: [string, number[]][] = [
    ['refund', [1, 0.1, 0]],
    ['refund', [0.9, 0.2, 0.05]],
    ['refund', [1, 0, 0.1]],
    ['balance', [0.1, 1, 0]],
    ['balance', [0, 0.9, 0.1]],
    ['balance', [0.2, 1, 0.05]],
  ];
  const model = trainKnownIntents(
    examples.map((e) => e[0]),
    Float32Array.from(examples.flatMap((e) => unit(e[1]))),
    3,
  );

  it('recognises a message near an intent\'s examples, with confidence above one half', () => {
    const [r] = recognise(model, Float32Array.from(unit([0.95, 0.1, 0.05])));
    expect(model.names[r.nearest]).toBe('refund');
    expect(r.covered).toBe(true);
    expect(r.confidence).toBeGreaterThan(0.5);
  });

  it('leaves a message unlike every intent not covered, with confidence under one half', () => {
    const [r] = recognise(model, Float32Array.from(unit([0.05, 0.05, 1])));
    expect(r.covered).toBe(false);
    expect(r.confidence).toBeLessThan(0.5);
  });

  it('calibrates with one example per intent: most cross-intent scores fail', () => {
    const one = trainKnownIntents(['refund', 'balance', 'card'], Float32Array.from([...unit([1, 0.1, 0]), ...unit([0, 1, 0.1]), ...unit([0.1, 0, 1])]), 3);
    expect(one.threshold).toBeGreaterThan(0);
    const [far, near] = recognise(one, Float32Array.from([...unit([-0.5, -0.5, -1]), ...unit([1, 0.12, 0])]));
    expect(far.covered).toBe(false);
    expect(near.covered).toBe(true);
  });

  it('tells intents apart by what differs between them, not by what they share (the linear head)', () => {
    // Both card intents lie along the first two axes; the third tells them apart. The estimate's centroid is nearer
    // the message, but the message leans the arrival way on the axis that separates them.
    const cards: [string, number[]][] = [
      ['card_arrival', [1, 0, 0.25]], ['card_arrival', [0, 1, 0.25]], ['card_arrival', [0.9, 0.1, 0.3]], ['card_arrival', [0.1, 0.9, 0.3]],
      ['delivery_estimate', [0.7, 0.7, -0.1]], ['delivery_estimate', [0.72, 0.68, -0.15]],
    ];
    const head = trainKnownIntents(cards.map((e) => e[0]), Float32Array.from(cards.flatMap((e) => unit(e[1]))), 3);
    const message = unit([0.6, 0.6, 0.05]);
    const cosine = (name: string) => [0, 1, 2].reduce((s, d) => s + message[d] * head.centroids[head.names.indexOf(name) * 3 + d], 0);
    expect(cosine('delivery_estimate')).toBeGreaterThan(cosine('card_arrival'));
    const [r] = recognise(head, Float32Array.from(message));
    expect(head.names[r.nearest]).toBe('card_arrival');
    // Every training example is its own intent's.
    const own = recognise(head, Float32Array.from(cards.flatMap((e) => unit(e[1]))));
    expect(own.map((x) => head.names[x.nearest])).toEqual(cards.map((e) => e[0]));
  });

  it('places the threshold between what should pass and what should fail', () => {
    expect(separatingThreshold([0.8, 0.9, 0.85], [0.2, 0.3, 0.25], 1)).toBeGreaterThan(0.3);
    expect(separatingThreshold([0.8, 0.9, 0.85], [0.2, 0.3, 0.25], 1)).toBeLessThan(0.8);
    // A known case weighing more moves the threshold down, not past the known ones.
    expect(separatingThreshold([0.5, 0.9], [0.6, 0.2], 3)).toBeLessThanOrEqual(0.5);
  });
});
