// The message catalogues and the current language. `t` reads the language
// from a rune, so every string in a template follows a language switch.
import { en } from './en';
import { fr, type MessageKey } from './fr';

export type { MessageKey };
export type Lang = 'fr' | 'en';

export const catalogues: Record<Lang, Record<MessageKey, string>> = { fr, en };

const current = $state<{ lang: Lang }>({ lang: 'fr' });

export function setLang(lang: Lang): void {
  current.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function lang(): Lang {
  return current.lang;
}

/** Fills `{name}` placeholders. Unknown placeholders stay visible. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogues[current.lang][key], params);
}

/** Numbers the French way (1,5) or the English way (1.5). */
export function num(value: number, digits = 2): string {
  return value.toLocaleString(current.lang === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: digits,
  });
}
