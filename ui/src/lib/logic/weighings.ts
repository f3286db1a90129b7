// A harvest's weighings as the team leader enters them, and their running
// total: kg for what converts (net of tare), other counts kept in their unit
// (never added across units), as the core computes it.
import type { Crop, Unit } from '../api';

export interface Weighing {
  value: number;
  unit: Unit;
  tareKg: number | null;
}

export interface Total {
  kg: number;
  others: Partial<Record<Unit, number>>;
}

const MASS: Partial<Record<Unit, number>> = { kg: 1, g: 0.001 };

export function kgPerUnit(unit: Unit, crop: Pick<Crop, 'kgPer'> | null): number | null {
  const mass = MASS[unit];
  if (mass !== undefined) return mass;
  return crop?.kgPer.find((f) => f.unit === unit)?.kg ?? null;
}

export function netKg(w: Weighing, crop: Pick<Crop, 'kgPer'> | null): number | null {
  const per = kgPerUnit(w.unit, crop);
  if (per === null) return null;
  return w.value * per - (w.tareKg ?? 0);
}

export function total(weighings: Weighing[], crop: Pick<Crop, 'kgPer'> | null): Total {
  const out: Total = { kg: 0, others: {} };
  for (const w of weighings) {
    const kg = netKg(w, crop);
    if (kg === null) out.others[w.unit] = (out.others[w.unit] ?? 0) + w.value;
    else out.kg += kg;
  }
  out.kg = Math.round(out.kg * 1000) / 1000;
  return out;
}

/** Why a weighing cannot be added yet, or null when it can. */
export function problem(w: Weighing): 'tare_on_count' | 'tare_too_heavy' | null {
  if (w.tareKg === null || w.tareKg === 0) return null;
  const per = MASS[w.unit];
  if (per === undefined) return 'tare_on_count';
  return w.tareKg >= w.value * per ? 'tare_too_heavy' : null;
}
