import { describe, expect, it } from 'vitest';
import { netKg, problem, total } from './weighings';

const radish = { kgPer: [{ unit: 'bunch' as const, kg: 0.3 }] };

describe('weighings', () => {
  it('adds three kg weighings net of tare', () => {
    const sum = total(
      [
        { value: 12.5, unit: 'kg', tareKg: 1.2 },
        { value: 8, unit: 'kg', tareKg: null },
        { value: 500, unit: 'g', tareKg: null },
      ],
      null,
    );
    expect(sum).toEqual({ kg: 19.8, others: {} });
  });

  it('converts counts through the crop and keeps the others in their unit', () => {
    expect(netKg({ value: 10, unit: 'bunch', tareKg: null }, radish)).toBeCloseTo(3);
    const sum = total(
      [
        { value: 10, unit: 'bunch', tareKg: null },
        { value: 4, unit: 'crate', tareKg: null },
      ],
      radish,
    );
    expect(sum.kg).toBeCloseTo(3);
    expect(sum.others).toEqual({ crate: 4 });
  });

  it('refuses a tare on a count or heavier than the weighing', () => {
    expect(problem({ value: 3, unit: 'bunch', tareKg: 1 })).toBe('tare_on_count');
    expect(problem({ value: 1, unit: 'kg', tareKg: 1.2 })).toBe('tare_too_heavy');
    expect(problem({ value: 5, unit: 'kg', tareKg: 1.2 })).toBeNull();
  });
});
