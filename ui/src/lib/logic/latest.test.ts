import { describe, expect, it } from 'vitest';
import { Latest } from './latest';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('latest request wins', () => {
  it('drops a slow answer to an earlier request', async () => {
    const latest = new Latest();
    const kept: string[] = [];
    const byCrop = deferred<string>();
    const byWeek = deferred<string>();
    latest.run(byCrop.promise, (v) => kept.push(v), () => {});
    latest.run(byWeek.promise, (v) => kept.push(v), () => {});
    byWeek.resolve('week');
    byCrop.resolve('crop');
    await Promise.allSettled([byCrop.promise, byWeek.promise]);
    await Promise.resolve();
    expect(kept).toEqual(['week']);
  });

  it('reports the failure of the latest request only', async () => {
    const latest = new Latest();
    const failed: unknown[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    latest.run(first.promise, () => {}, (e) => failed.push(e));
    latest.run(second.promise, () => {}, (e) => failed.push(e));
    first.reject('stale');
    second.reject('current');
    await Promise.allSettled([first.promise, second.promise]);
    await Promise.resolve();
    expect(failed).toEqual(['current']);
  });
});
