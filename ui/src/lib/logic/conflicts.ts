// How a conflict reads for a supervisor: field and record names in their
// language, person ids as names, statuses as words, an empty value as such.
// Unknown fields and values are shown as they are stored.
import { ABANDON_REASONS, type AbandonReason, type Person } from '../api';
import type { MessageKey } from '../i18n/fr';

const FIELDS: Record<string, MessageKey> = {
  status: 'cfield.status',
  done_by: 'cfield.done_by',
  done_at: 'cfield.done_at',
  abandoned_by: 'cfield.abandoned_by',
  abandon_reason: 'cfield.abandon_reason',
  abandon_note: 'cfield.abandon_note',
  title: 'cfield.title',
  crew: 'cfield.crew',
  beds: 'cfield.beds',
  due: 'cfield.due',
  duration_min: 'cfield.duration_min',
  name: 'cfield.name',
  note: 'cfield.note',
};

const RECORDS: Record<string, MessageKey> = {
  task: 'rtype.task',
  harvest: 'rtype.harvest',
  weighing: 'rtype.weighing',
  observation: 'rtype.observation',
  bed: 'rtype.bed',
  crop: 'rtype.crop',
  person: 'rtype.person',
  outlet: 'rtype.outlet',
};

const STATUSES: Record<string, MessageKey> = {
  todo: 'status.todo',
  done: 'status.done',
  abandoned: 'status.abandoned',
};

type Translate = (key: MessageKey) => string;

export function fieldLabel(field: string, t: Translate): string {
  const key = FIELDS[field];
  return key ? t(key) : field;
}

export function recordLabel(type: string, t: Translate): string {
  const key = RECORDS[type];
  return key ? t(key) : type;
}

export function valueLabel(field: string, value: string, people: Pick<Person, 'id' | 'name'>[], t: Translate): string {
  if (value === '') return t('conflicts.emptyValue');
  const status = field === 'status' ? STATUSES[value] : undefined;
  if (status) return t(status);
  // A reason's code; a text from before reasons were codes reads as typed.
  if (field === 'abandon_reason' && (ABANDON_REASONS as readonly string[]).includes(value)) {
    return t(`reason.${value as AbandonReason}`);
  }
  const names = value.split(',').map((part) => people.find((p) => p.id === part.trim())?.name);
  if (names.every((n) => n !== undefined)) return names.join(', ');
  return value;
}
