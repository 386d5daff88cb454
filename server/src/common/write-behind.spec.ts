import { WriteBehind } from './write-behind';

describe('writes behind the work', () => {
  it('runs one write at a time, in order, without waiting for the last', async () => {
    const w = new WriteBehind();
    const log: string[] = [];
    let release!: () => void;
    await w.push(() => new Promise<void>((r) => (release = () => (log.push('a done'), r()))));
    log.push('after push a');
    const b = w.push(async () => void log.push('b started'));
    await Promise.resolve();
    expect(log).toEqual(['after push a']);
    release();
    await b;
    await w.flush();
    expect(log).toEqual(['after push a', 'a done', 'b started']);
  });

  it('throws a failed write at the next push or at the flush, and settles quietly', async () => {
    const w = new WriteBehind();
    await w.push(() => Promise.reject(new Error('disk full')));
    await expect(w.settled()).resolves.toBeUndefined();
    await expect(w.flush()).rejects.toThrow('disk full');
    await expect(w.push(async () => undefined)).rejects.toThrow('disk full');
  });
});
