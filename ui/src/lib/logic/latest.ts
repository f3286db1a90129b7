/**
 * Keeps only the answer to the latest request. A screen that re-asks when
 * its inputs change (a report's grouping, the bed shown) can get answers
 * out of order when the machine is busy; without this, a slow answer to the
 * previous question overwrites the one just asked for.
 */
export class Latest {
  private asked = 0;

  /** Runs `request`; `keep` sees its value only if no later request started. */
  run<T>(request: Promise<T>, keep: (value: T) => void, fail: (e: unknown) => void): void {
    const mine = ++this.asked;
    request.then(
      (value) => {
        if (mine === this.asked) keep(value);
      },
      (e: unknown) => {
        if (mine === this.asked) fail(e);
      },
    );
  }
}
