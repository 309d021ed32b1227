// Prometheus' template functions (template/template.go), for the annotations promtool renders.

/** Go's `%.4g`: 4 significant digits, no trailing zeros. */
export function goG4(v: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 4) {
    const [m, e] = v.toExponential(3).split('e');
    const n = Number(e);
    return `${String(Number(m))}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(Number(v.toPrecision(4)));
}

export function humanize(v: number): string {
  if (v === 0) return goG4(v);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of ['k', 'M', 'G', 'T']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return `${goG4(v)}${prefix}`;
  }
  for (const p of ['m', 'u', 'n', 'p']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goG4(v)}${prefix}`;
}

export const humanizePercentage = (v: number) => `${goG4(v * 100)}%`;

/** Durations under a minute, as the alerts here produce them. */
export function humanizeDuration(v: number): string {
  if (v >= 60) throw new Error('humanizeDuration over a minute is not reproduced here');
  if (v >= 1) return `${goG4(v)}s`;
  let prefix = '';
  for (const p of ['m', 'u', 'n']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goG4(v)}${prefix}s`;
}

/** Fills the template forms `summaryTemplate` writes, as Prometheus would for one alert. */
export function expandTemplate(template: string, value: number, labels: Record<string, string>, external: Record<string, string>): string {
  return template
    .replace(/\{\{ \$value \| humanizePercentage \}\}/g, () => humanizePercentage(value))
    .replace(/\{\{ \$value \| humanizeDuration \}\}/g, () => humanizeDuration(value))
    .replace(/\{\{ \$value \| humanize \}\}/g, () => humanize(value))
    .replace(/\$\{\{ \$value \| printf "%\.2f" \}\}/g, `$${value.toFixed(2)}`)
    .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => labels[k] ?? '')
    .replace(/\{\{ \$externalLabels\.(\w+) \}\}/g, (_, k: string) => external[k] ?? '');
}
