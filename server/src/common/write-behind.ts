/**
 * Writes that run behind the work preparing the next ones: one write at a time, each started once the one before has
 * settled. A write's failure is thrown by the next `push`, or by `flush`.
 */
export class WriteBehind {
  private last: Promise<void> = Promise.resolve();

  /** Waits for the write before (throwing its failure), then starts this one without waiting for it. */
  async push(write: () => Promise<void>): Promise<void> {
    await this.last;
    this.last = write();
    // Awaited by the next push or flush; a failure meanwhile must not count as unhandled.
    this.last.catch(() => undefined);
  }

  /** The last write's end, its failure thrown. */
  flush(): Promise<void> {
    return this.last;
  }

  /** The last write's end, whatever it was (a caller already failing waits so before it gives up). */
  settled(): Promise<void> {
    return this.last.catch(() => undefined);
  }
}
