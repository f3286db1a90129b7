// The device clock as people read it: the date a refused write names, and
// how far the tablet's clock is from the server's. Pure: the language and
// the values come in as arguments.
export type ClockLang = 'fr' | 'en';

/**
 * The calendar date of an RFC 3339 time as the device wrote it (its own
 * offset, not the reader's zone): "1 janvier 1970", "1 January 1970".
 */
export function deviceDate(iso: string, lang: ClockLang): string {
  const match = /^(-?\d{4,})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  // Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(Number(y));
  return date.toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

export interface Skew {
  /** The tablet's clock runs ahead of the server's (else behind). */
  ahead: boolean;
  /** Whole minutes when under two hours, else hours when under two days, else days. */
  amount: number;
  unit: 'min' | 'h' | 'days';
}

/** A skew in seconds (device minus server) in units people read. */
export function skew(seconds: number): Skew {
  const s = Math.abs(seconds);
  const ahead = seconds > 0;
  if (s < 7200) return { ahead, amount: Math.round(s / 60), unit: 'min' };
  if (s < 172_800) return { ahead, amount: Math.round(s / 3600), unit: 'h' };
  return { ahead, amount: Math.round(s / 86_400), unit: 'days' };
}
