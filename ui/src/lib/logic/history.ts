// A bed's history line in the reader's language. The core writes each line's
// summary in English words (`Désherber (weeding, done)`, `Tomate 23.50 kg,
// lot …`, `pest severity 2: …`); the known shapes are read back here and
// said again from the catalogues. A line of another shape is shown as it is.
import type { MessageKey } from '../i18n/fr';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;
type Num = (value: number, digits?: number) => string;

const KINDS = ['sowing', 'planting', 'weeding', 'watering', 'harvesting', 'mulching', 'maintenance', 'other'];
const OBSERVATIONS = ['pest', 'disease', 'weeds', 'water', 'growth', 'soil', 'biodiversity', 'weather_damage', 'other'];
const STATUSES = ['todo', 'done', 'abandoned'];

export function historyLine(what: string, summary: string, t: Translate, num: Num): string {
  if (what === 'task') {
    const m = /^(.*) \((\w+), (\w+)\)$/.exec(summary);
    if (m && KINDS.includes(m[2] ?? '') && STATUSES.includes(m[3] ?? '')) {
      return `${m[1]} (${t(`kind.${m[2]}` as MessageKey)}, ${t(`status.${m[3]}` as MessageKey)})`;
    }
  } else if (what === 'harvest') {
    const m = /^(.*) (\d+(?:\.\d+)?) kg, lot (\S+)( \[voided\])?$/.exec(summary);
    if (m) {
      const line = t('history.harvestLine', { crop: m[1] ?? '', kg: num(Number(m[2]), 2), lot: m[3] ?? '' });
      return m[4] ? `${line} (${t('history.voided')})` : line;
    }
  } else if (what === 'observation') {
    const m = /^(\w+) severity (\d): ?([\s\S]*)$/.exec(summary);
    if (m && OBSERVATIONS.includes(m[1] ?? '')) {
      const head = `${t(`obs.${m[1]}` as MessageKey)}, ${t(`severity.${m[2]}` as MessageKey)}`;
      return m[3] ? `${head} : ${m[3]}` : head;
    }
  }
  return summary;
}
