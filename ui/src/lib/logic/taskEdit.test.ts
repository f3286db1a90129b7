import { describe, expect, it } from 'vitest';
import type { Catalog, Task } from '../api';
import { addDays, changes, formOf } from './taskEdit';

const catalog: Catalog = {
  farmName: 'Jardin',
  zones: [{ id: 'z', name: 'Nord' }],
  beds: [
    { id: 'b1', code: 'A-01', zoneId: 'z', lengthM: 30, widthM: 0.8, areaM2: 24 },
    { id: 'b2', code: 'A-02', zoneId: 'z', lengthM: 30, widthM: 0.8, areaM2: 24 },
  ],
  crops: [],
  outlets: [],
  people: [{ id: 'p1', name: 'Karim', role: 'worker', lang: 'fr', hasPin: false }],
  inactivePeople: [{ id: 'p2', name: 'Léa', role: 'worker', lang: 'fr', hasPin: false }],
};

const task: Task = {
  id: 't',
  title: 'Désherber',
  kind: 'weeding',
  bedCodes: ['A-01'],
  crewNames: ['Karim', 'Léa'],
  due: '2026-11-23',
  durationMin: 30,
  status: 'todo',
  statusBy: null,
  abandonReason: null,
  abandonNote: null,
  recurring: false,
};

describe('task edit', () => {
  it('fills the form from the task, inactive crew included', () => {
    expect(formOf(task, catalog)).toEqual({
      title: 'Désherber',
      kind: 'weeding',
      due: '2026-11-23',
      beds: 'A-01',
      crew: ['p1', 'p2'],
      minutes: '30',
    });
  });

  it('sends only the fields that changed, a due date in another month included', () => {
    const form = { ...formOf(task, catalog), due: '2026-12-02' };
    expect(changes(task, form, catalog)).toEqual({ edit: { id: 't', due: '2026-12-02' }, changed: true });
  });

  it('clears the minutes with null and names beds by id', () => {
    const form = { ...formOf(task, catalog), minutes: '', beds: 'a-01, A-02' };
    expect(changes(task, form, catalog)).toEqual({
      edit: { id: 't', durationMin: null, bedIds: ['b1', 'b2'] },
      changed: true,
    });
  });

  it('says nothing changed, and names an unknown bed', () => {
    expect(changes(task, formOf(task, catalog), catalog)).toEqual({ edit: { id: 't' }, changed: false });
    expect(changes(task, { ...formOf(task, catalog), beds: 'Z-99' }, catalog)).toEqual({ unknownBed: 'Z-99' });
  });
});

describe('addDays', () => {
  it('crosses months and years', () => {
    expect(addDays('2026-11-23', 9)).toBe('2026-12-02');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
