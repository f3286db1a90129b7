import { describe, expect, it } from 'vitest';
import { amount, press, type Key } from './keypad';

const typeKeys = (keys: Key[]): string => keys.reduce(press, '');

describe('keypad', () => {
  it('types a French decimal and reads it as a number', () => {
    const shown = typeKeys(['1', '2', ',', '5']);
    expect(shown).toBe('12,5');
    expect(amount(shown)).toBe(12.5);
  });

  it('starts a decimal with 0 and refuses a second comma', () => {
    expect(typeKeys([',', '5', ','])).toBe('0,5');
  });

  it('keeps at most three decimals and replaces a leading zero', () => {
    expect(typeKeys(['0', '7'])).toBe('7');
    expect(typeKeys(['1', ',', '2', '3', '4', '5'])).toBe('1,234');
  });

  it('deletes and clears', () => {
    expect(press('12,5', 'back')).toBe('12,');
    expect(press('12,5', 'clear')).toBe('');
  });

  it('has no amount while empty, zero or unfinished', () => {
    expect(amount('')).toBeNull();
    expect(amount('0')).toBeNull();
    expect(amount('3,')).toBeNull();
  });
});
