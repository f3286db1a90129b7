// A bed's history line in the reader's language. The core sends each line as
// codes and the texts people typed (`{what: 'task', title, kind, status,
// reason, note}`, `{what: 'harvest', crop, kg, lot, voided}`, `{what:
// 'observation', kind, severity, note}`); the words come from the catalogues,
// the typed texts stay as typed.
import type { HistoryLine } from '../api';
import type { MessageKey } from '../i18n/fr';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;
type Num = (value: number, digits?: number) => string;

export function historyLine(line: HistoryLine, t: Translate, num: Num): string {
  switch (line.what) {
    case 'task': {
      const words = { title: line.title, kind: t(`kind.${line.kind}`), status: t(`status.${line.status}`) };
      if (!line.reason) return t('history.taskLine', words);
      const reason = t(`reason.${line.reason}`);
      return t('history.abandonedLine', {
        ...words,
        reason: line.note ? t('today.abandonedNote', { reason, note: line.note }) : reason,
      });
    }
    case 'harvest': {
      const text = t('history.harvestLine', { crop: line.crop, kg: num(line.kg, 2), lot: line.lot });
      return line.voided ? `${text} (${t('history.voided')})` : text;
    }
    case 'observation': {
      const head = `${t(`obs.${line.kind}`)}, ${t(`severity.${line.severity}` as MessageKey)}`;
      return line.note ? `${head} : ${line.note}` : head;
    }
  }
}
