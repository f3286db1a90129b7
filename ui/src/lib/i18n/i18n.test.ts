// Every string of the interface comes from the catalogues: every key used in
// the sources exists, the two catalogues hold the same keys, no French
// string is left empty or in English, and no .svelte template holds raw text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ABANDON_REASONS,
  DESTINATION_KINDS,
  HISTORY_WHATS,
  OBSERVATION_KINDS,
  ROLES,
  TASK_KINDS,
  TASK_STATUSES,
  UNITS,
} from '../api';
import { en } from './en';
import { fr } from './fr';
import { format } from './index.svelte';

const SRC = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const keys = new Set(Object.keys(fr));

describe('message catalogues', () => {
  it('hold the same keys in French and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [key, value] of Object.entries(fr)) expect(value.trim(), key).not.toBe('');
  });

  it('have every literal key used by the sources', () => {
    const missing: string[] = [];
    for (const { path, text } of files) {
      for (const m of text.matchAll(/\bt\('([^']+)'/g)) {
        if (!keys.has(m[1] ?? '')) missing.push(`${path}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('have every key that templates build from a prefix', () => {
    const prefixes = new Set<string>();
    for (const { text } of files) for (const m of text.matchAll(/\bt\(`([a-z_]+)\.\$\{/g)) prefixes.add(m[1] ?? '');
    for (const prefix of prefixes) {
      expect([...keys].some((k) => k.startsWith(prefix + '.')), prefix).toBe(true);
    }
    for (const kind of ['sowing', 'planting', 'weeding', 'watering', 'harvesting', 'mulching', 'maintenance', 'other']) {
      expect(keys.has(`kind.${kind}`)).toBe(true);
    }
    for (const badge of ['not_enrolled', 'syncing', 'up_to_date', 'waiting', 'offline', 'error']) {
      expect(keys.has(`badge.${badge}`)).toBe(true);
    }
  });

  // The lists come from Rust (the generated bindings), so a code added there
  // without its words in both catalogues fails here, not in a worker's hands.
  it('have a word in French and English for every code Rust sends', () => {
    const lists: [string, readonly string[]][] = [
      ['reason', ABANDON_REASONS],
      ['history', HISTORY_WHATS],
      ['status', TASK_STATUSES],
      ['kind', TASK_KINDS],
      ['obs', OBSERVATION_KINDS],
      ['dest', DESTINATION_KINDS],
      ['unit', UNITS],
      ['role', ROLES],
    ];
    const missing: string[] = [];
    for (const [prefix, codes] of lists) {
      expect(codes.length, prefix).toBeGreaterThan(0);
      for (const code of codes) {
        const key = `${prefix}.${code}`;
        if (!(key in fr) || !(key in en)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('hold no key the sources never use', () => {
    // A key is used when a source names it in quotes, or builds it from a
    // prefix (`kind.${k}`, `error.${code}`): those prefixes' keys are the
    // closed sets the other tests and the type checker hold complete.
    const users = files.filter(({ path }) => !/i18n[\\/](fr|en)\.ts$/.test(path));
    const prefixes = new Set<string>();
    for (const { text } of users) for (const m of text.matchAll(/`([a-z_.]+)\.\$\{/g)) prefixes.add(m[1] ?? '');
    const unused = [...keys].filter(
      (key) =>
        ![...prefixes].some((p) => key.startsWith(p + '.')) &&
        !users.some(({ text }) => text.includes(`'${key}'`) || text.includes(`"${key}"`)),
    );
    expect(unused).toEqual([]);
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(format('{n} en attente', { n: 3 })).toBe('3 en attente');
    expect(format('Planche {code}')).toBe('Planche {code}');
  });
});

describe('templates', () => {
  it('hold no raw text outside the catalogues', () => {
    const raw: string[] = [];
    for (const { path, text } of files.filter((f) => f.path.endsWith('.svelte'))) {
      const markup = text
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<style[\s\S]*?<\/style>/g, '')
        .replace(/\{[^{}]*\}/g, ' ');
      let stripped = markup;
      for (let prev = ''; prev !== stripped; ) {
        prev = stripped;
        stripped = stripped.replace(/\{[^{}]*\}/g, ' ');
      }
      for (const m of stripped.matchAll(/>([^<>]+)</g)) {
        const words = (m[1] ?? '').trim();
        if (/\p{L}{2,}/u.test(words)) raw.push(`${path}: ${words}`);
      }
    }
    expect(raw).toEqual([]);
  });
});
