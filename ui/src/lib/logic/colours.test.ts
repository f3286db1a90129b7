import { describe, expect, it } from 'vitest';
import { FAMILY_COLOURS, PERSON_COLOURS, RESTING, TEXT_DARK, contrast, familyColour, initials, personColour } from './colours';

describe('colours', () => {
  it('keeps white initials readable on every face colour (WCAG AA)', () => {
    for (const c of PERSON_COLOURS) expect(contrast(c, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps bed codes readable on every crop family colour (WCAG AA)', () => {
    for (const c of [...FAMILY_COLOURS, RESTING]) expect(contrast(c, TEXT_DARK)).toBeGreaterThanOrEqual(4.5);
  });

  it('gives a person and a family the same colour every time', () => {
    expect(personColour('abc')).toBe(personColour('abc'));
    expect(familyColour('Solanacées')).toBe(familyColour('Solanacées'));
    const families = ['Apiacées', 'Solanacées', 'Amaryllidacées'];
    expect(new Set(families.map((f) => familyColour(f, families))).size).toBe(3);
  });

  it('makes initials from one or two names', () => {
    expect(initials('Awa')).toBe('AW');
    expect(initials('Jean Moulin')).toBe('JM');
    expect(initials('Élodie')).toBe('ÉL');
    expect(initials('  ')).toBe('?');
  });
});
