// The garden plan's layout: zones as rows of beds in code order, with what
// grows on each bed, for the plan, the harvest and the observation screens.
import type { Bed, BedState, Catalog, Crop, Zone } from '../api';

export interface PlanBed {
  bed: Bed;
  crop: Crop | null;
}

export interface PlanZone {
  zone: Zone;
  beds: PlanBed[];
}

export function layout(catalog: Catalog, states: BedState[]): PlanZone[] {
  const crops = new Map(catalog.crops.map((c) => [c.id, c]));
  const growing = new Map(states.map((s) => [s.bedId, s.cropId ? (crops.get(s.cropId) ?? null) : null]));
  return catalog.zones
    .map((zone) => ({
      zone,
      beds: catalog.beds
        .filter((b) => b.zoneId === zone.id)
        .sort((a, b) => a.code.localeCompare(b.code, 'fr', { numeric: true }))
        .map((bed) => ({ bed, crop: growing.get(bed.id) ?? null })),
    }))
    .filter((z) => z.beds.length > 0);
}

/** The families growing somewhere, for the legend. */
export function families(zones: PlanZone[]): string[] {
  const set = new Set<string>();
  for (const z of zones) for (const b of z.beds) if (b.crop) set.add(b.crop.family);
  return [...set].sort((a, b) => a.localeCompare(b, 'fr'));
}
