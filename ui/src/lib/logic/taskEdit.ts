// The task edit form: filled from a task, and turned back into an edit that
// names only what changed (a field not sent is not written, so another
// device's edit of it merges instead of conflicting).
import type { Catalog, Task, TaskEditInput, TaskKind } from '../api';

export interface TaskForm {
  title: string;
  kind: TaskKind;
  due: string;
  /** Bed codes, comma-separated, as typed. */
  beds: string;
  /** Person ids. */
  crew: string[];
  /** Minutes as typed; empty is none. */
  minutes: string;
}

function everyone(catalog: Catalog) {
  return [...catalog.people, ...catalog.inactivePeople];
}

export function formOf(task: Task, catalog: Catalog): TaskForm {
  const people = everyone(catalog);
  return {
    title: task.title,
    kind: task.kind,
    due: task.due,
    beds: task.bedCodes.join(', '),
    crew: task.crewNames.flatMap((n) => people.filter((p) => p.name === n).map((p) => p.id)),
    minutes: task.durationMin === null ? '' : String(task.durationMin),
  };
}

export type Edit = { edit: TaskEditInput; changed: boolean } | { unknownBed: string };

/** What the form changes about `task`; an unknown bed code is named. */
export function changes(task: Task, form: TaskForm, catalog: Catalog): Edit {
  const before = formOf(task, catalog);
  const edit: TaskEditInput = { id: task.id };
  let changed = false;
  if (form.title.trim() !== before.title) {
    edit.title = form.title.trim();
    changed = true;
  }
  if (form.kind !== before.kind) {
    edit.kind = form.kind;
    changed = true;
  }
  if (form.due !== before.due) {
    edit.due = form.due;
    changed = true;
  }
  const codes = form.beds
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  if (codes.join(',') !== task.bedCodes.join(',')) {
    const ids: string[] = [];
    for (const code of codes) {
      const bed = catalog.beds.find((b) => b.code === code);
      if (!bed) return { unknownBed: code };
      ids.push(bed.id);
    }
    edit.bedIds = ids;
    changed = true;
  }
  if ([...form.crew].sort().join(',') !== [...before.crew].sort().join(',')) {
    edit.crew = form.crew;
    changed = true;
  }
  if (form.minutes.trim() !== before.minutes) {
    edit.durationMin = form.minutes.trim() === '' ? null : Number(form.minutes);
    changed = true;
  }
  return { edit, changed };
}

/** `day` (YYYY-MM-DD) moved by `n` days, in the calendar (no time zone). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
