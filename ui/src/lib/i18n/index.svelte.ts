// The message catalogues and the current language. `t` reads the language
// from a rune, so every string in a template follows a language switch.
import { en } from './en';
import { fr, type MessageKey } from './fr';
import type { ErrorCode, ErrorParams } from '../api';

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

// Every code a command can fail with has its `error.<code>` message in the
// catalogues: a code added in Rust (the generated `ErrorCode`) without one
// makes this line a type error naming the missing key.
type MissingErrorKeys = Exclude<`error.${ErrorCode}`, MessageKey>;
const everyErrorTranslated: [MissingErrorKeys] extends [never] ? true : MissingErrorKeys = true;
void everyErrorTranslated;

/**
 * A failed command in the reader's language, from its code and parameters
 * only (the English `message` is never shown). A field's name is the
 * conflict screen's word for it when there is one.
 */
export function errorText(code: ErrorCode, params: ErrorParams): string {
  const fieldKey = `cfield.${params.field ?? ''}`;
  const field = fieldKey in catalogues.fr ? t(fieldKey as MessageKey) : (params.field ?? '');
  return t(`error.${code}`, {
    field,
    kind: params.kind ?? '',
    key: params.key ?? '',
    url: params.url ?? '',
    path: params.path ?? '',
    seconds: params.seconds ?? '',
  });
}
