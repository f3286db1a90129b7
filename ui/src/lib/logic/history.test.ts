import { describe, expect, it } from 'vitest';
import { format } from '../i18n/index.svelte';
import { fr, type MessageKey } from '../i18n/fr';
import { historyLine } from './history';

const t = (key: MessageKey, params?: Record<string, string | number>): string => format(fr[key], params);
const num = (v: number, digits = 2): string => v.toLocaleString('fr-FR', { maximumFractionDigits: digits });

describe('bed history lines', () => {
  it('say tasks, harvests and observations in French', () => {
    expect(historyLine('task', 'Désherber (weeding, done)', t, num)).toBe('Désherber (Désherbage, Faite)');
    expect(historyLine('harvest', 'Tomate 23.50 kg, lot 20261123-A-01-TOM', t, num)).toBe(
      'Tomate : 23,5 kg, lot 20261123-A-01-TOM',
    );
    expect(historyLine('harvest', 'Tomate 2.00 kg, lot L [voided]', t, num)).toBe('Tomate : 2 kg, lot L (annulée)');
    expect(historyLine('observation', 'pest severity 2: Doryphores', t, num)).toBe('Ravageur, À traiter : Doryphores');
    expect(historyLine('observation', 'soil severity 0: ', t, num)).toBe('Sol, Pour info');
  });

  it('leaves a line of another shape as it is', () => {
    expect(historyLine('task', 'Something else', t, num)).toBe('Something else');
  });
});
