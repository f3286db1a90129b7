import { describe, expect, it } from 'vitest';
import type { Catalog } from '../api';
import { bars } from './chart';
import { families, layout } from './plan';

const catalog: Catalog = {
  farmName: 'Jardin',
  zones: [
    { id: 'z1', name: 'Jardin-type 1' },
    { id: 'z2', name: 'Vide' },
  ],
  beds: ['A-10', 'A-02', 'A-01'].map((code, i) => ({ id: `b${i}`, code, zoneId: 'z1', lengthM: 30, widthM: 0.8, areaM2: 24 })),
  crops: [{ id: 'c1', name: 'Tomate', family: 'Solanacées', defaultUnit: 'kg', kgPer: [] }],
  outlets: [],
  people: [],
  inactivePeople: [],
};

describe('garden plan', () => {
  it('lays beds out by zone in natural code order with what grows there', () => {
    const zones = layout(catalog, [{ bedId: 'b0', cropId: 'c1', lastHarvest: '2026-11-20' }]);
    expect(zones).toHaveLength(1);
    expect(zones[0]?.beds.map((b) => b.bed.code)).toEqual(['A-01', 'A-02', 'A-10']);
    expect(zones[0]?.beds.find((b) => b.bed.code === 'A-10')?.crop?.name).toBe('Tomate');
    expect(families(zones)).toEqual(['Solanacées']);
  });

  it('scales report bars to the largest group', () => {
    expect(bars([{ key: 'a', kg: 5 }, { key: 'b', kg: 20 }])).toEqual([
      { label: 'b', value: 20, percent: 100 },
      { label: 'a', value: 5, percent: 25 },
    ]);
  });
});
