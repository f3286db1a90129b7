import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UndoOffer } from './undo';

describe('undo offer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('can be taken within its seconds, once', () => {
    const seen: unknown[] = [];
    const undo = new UndoOffer((o) => seen.push(o), 5000);
    undo.offer({ taskId: 't1', title: 'Désherber' });
    vi.advanceTimersByTime(4000);
    expect(undo.take()).toEqual({ taskId: 't1', title: 'Désherber' });
    expect(undo.take()).toBeNull();
    expect(seen.at(-1)).toBeNull();
  });

  it('expires after its seconds', () => {
    const undo = new UndoOffer(() => {}, 5000);
    undo.offer({ taskId: 't1', title: 'Arroser' });
    vi.advanceTimersByTime(5001);
    expect(undo.take()).toBeNull();
  });

  it('a new tick replaces the previous offer', () => {
    const undo = new UndoOffer(() => {}, 5000);
    undo.offer({ taskId: 't1', title: 'A' });
    vi.advanceTimersByTime(3000);
    undo.offer({ taskId: 't2', title: 'B' });
    vi.advanceTimersByTime(3000);
    expect(undo.take()?.taskId).toBe('t2');
  });
});
