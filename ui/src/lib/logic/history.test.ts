import { describe, expect, it } from 'vitest';
import { format } from '../i18n/index.svelte';
import { en } from '../i18n/en';
import { fr, type MessageKey } from '../i18n/fr';
import { historyLine } from './history';
import type { HistoryLine } from '../api';

const tr =
  (catalogue: Record<MessageKey, string>) =>
  (key: MessageKey, params?: Record<string, string | number>): string =>
    format(catalogue[key], params);
const num = (v: number, digits = 2): string => v.toLocaleString('fr-FR', { maximumFractionDigits: digits });

const lines: HistoryLine[] = [
  { what: 'task', title: 'Désherber', kind: 'weeding', status: 'done', reason: null, note: null },
  { what: 'task', title: 'Pailler', kind: 'mulching', status: 'abandoned', reason: 'equipment', note: 'paille pas livrée' },
  { what: 'task', title: 'Water', kind: 'watering', status: 'abandoned', reason: 'no_time', note: null },
  { what: 'harvest', crop: 'Tomate', kg: 23.5, lot: '20261123-A-01-TOM', voided: false },
  { what: 'harvest', crop: 'Tomate', kg: 2, lot: 'L', voided: true },
  { what: 'observation', kind: 'pest', severity: 2, note: 'Doryphores' },
  { what: 'observation', kind: 'soil', severity: 0, note: '' },
];

describe('bed history lines', () => {
  it('say codes in French, whatever language they were tapped in, typed texts as typed', () => {
    expect(lines.map((l) => historyLine(l, tr(fr), num))).toEqual([
      'Désherber (Désherbage, Faite)',
      'Pailler (Paillage, Abandonnée : Matériel en panne (paille pas livrée))',
      'Water (Arrosage, Abandonnée : Pas le temps)',
      'Tomate : 23,5 kg, lot 20261123-A-01-TOM',
      'Tomate : 2 kg, lot L (annulée)',
      'Ravageur, À traiter : Doryphores',
      'Sol, Pour info',
    ]);
  });

  it('say the same lines in English for an English reader', () => {
    expect(historyLine(lines[1]!, tr(en), num)).toBe('Pailler (Mulching, Abandoned: Broken equipment (paille pas livrée))');
    expect(historyLine(lines[5]!, tr(en), num)).toBe('Pest, Needs care : Doryphores');
  });
});
