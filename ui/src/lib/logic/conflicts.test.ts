import { describe, expect, it } from 'vitest';
import { fr } from '../i18n/fr';
import type { MessageKey } from '../i18n/fr';
import { fieldLabel, recordLabel, valueLabel } from './conflicts';

const t = (key: MessageKey): string => fr[key];
const people = [
  { id: '01a16c7e-a6d0-7f9e-a5eb-d0fdf4db44a1', name: 'Claire' },
  { id: '01a16c7e-a6d0-7f9e-a5eb-d0fdf4db44a2', name: 'Awa' },
];

describe('conflict labels', () => {
  it('names fields, records and statuses in French', () => {
    expect(fieldLabel('done_by', t)).toBe('Fait par');
    expect(recordLabel('task', t)).toBe('Tâche');
    expect(valueLabel('status', 'abandoned', people, t)).toBe('Abandonnée');
  });

  it('says an abandon reason code in words and a reason typed before codes as typed', () => {
    expect(valueLabel('abandon_reason', 'no_time', people, t)).toBe('Pas le temps');
    expect(valueLabel('abandon_reason', 'Paille pas livrée', people, t)).toBe('Paille pas livrée');
  });

  it('shows people by name, a crew as names, and an empty value as such', () => {
    expect(valueLabel('done_by', people[0]?.id ?? '', people, t)).toBe('Claire');
    expect(valueLabel('crew', people.map((p) => p.id).join(','), people, t)).toBe('Claire, Awa');
    expect(valueLabel('done_by', '', people, t)).toBe('(vide)');
  });

  it('leaves unknown fields and values as stored', () => {
    expect(fieldLabel('colour', t)).toBe('colour');
    expect(valueLabel('title', 'Désherber', people, t)).toBe('Désherber');
  });
});
