// Colours that tell people and crops apart at a glance, all checked for
// WCAG AA contrast against the text drawn on them (see colours.test.ts).

/** Dark backgrounds for faces, with white initials. */
export const PERSON_COLOURS = [
  '#1f5f8b', '#8b2f5f', '#2e6b3e', '#7a4a00', '#5b3f99',
  '#9b2c2c', '#00646e', '#4a5a16', '#6b3fa0', '#804000',
] as const;

/** Light backgrounds for beds, by crop family, with dark text. */
export const FAMILY_COLOURS = [
  '#f4c7c3', '#fce8b2', '#b7e1cd', '#c6dafc', '#e1bee7',
  '#ffe0b2', '#d7ccc8', '#c8e6c9', '#b2ebf2', '#f8bbd0',
] as const;

export const TEXT_DARK = '#1a1a1a';
export const RESTING = '#eceff1';

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (Math.imul(h, 31) + (c.codePointAt(0) ?? 0)) >>> 0;
  return h;
}

export function personColour(id: string): string {
  return PERSON_COLOURS[hash(id) % PERSON_COLOURS.length] ?? PERSON_COLOURS[0];
}

/** A family's colour: by its place among `families` (so the families on
 * the plan never share one while there are ten or fewer), else by hash. */
export function familyColour(family: string, families: string[] = []): string {
  const index = families.indexOf(family);
  const n = index >= 0 ? index : hash(family);
  return FAMILY_COLOURS[n % FAMILY_COLOURS.length] ?? FAMILY_COLOURS[0];
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...(words[0] ?? '')][0] ?? '';
  const second = words.length > 1 ? ([...(words[words.length - 1] ?? '')][0] ?? '') : ([...(words[0] ?? '')][1] ?? '');
  return (first + second).toUpperCase();
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
