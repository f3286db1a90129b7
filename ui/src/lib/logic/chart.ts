// Bars of the report chart: widths as percentages of the largest value.
export interface Bar {
  label: string;
  value: number;
  percent: number;
}

export function bars(rows: { key: string; kg: number }[], limit = 20): Bar[] {
  const top = [...rows].sort((a, b) => b.kg - a.kg).slice(0, limit);
  const max = Math.max(0, ...top.map((r) => r.kg));
  return top.map((r) => ({
    label: r.key,
    value: r.kg,
    percent: max > 0 ? Math.round((r.kg / max) * 1000) / 10 : 0,
  }));
}
