// The numeric keypad's arithmetic, kept apart from its buttons so that it can
// be tested: what the display shows after a key, and the number it means.

export type Key = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | ',' | 'back' | 'clear';

/** At most this many characters on the display (e.g. "9999,999"). */
export const MAX_LENGTH = 8;

export function press(display: string, key: Key): string {
  if (key === 'clear') return '';
  if (key === 'back') return display.slice(0, -1);
  if (display.length >= MAX_LENGTH) return display;
  if (key === ',') {
    if (display.includes(',')) return display;
    return display === '' ? '0,' : display + ',';
  }
  const decimals = display.includes(',') ? display.length - display.indexOf(',') - 1 : 0;
  if (decimals >= 3) return display;
  if (display === '0') return key;
  return display + key;
}

/** The number on the display, or null while it is not a positive amount. */
export function amount(display: string): number | null {
  if (display === '' || display.endsWith(',')) return null;
  const value = Number(display.replace(',', '.'));
  return Number.isFinite(value) && value > 0 ? value : null;
}
