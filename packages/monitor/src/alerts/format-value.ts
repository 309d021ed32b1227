import type { AlertDisplay } from '@taxon/taxonomy';

/** A threshold as people read it: 0.03 -> `3%`, 2 seconds -> `2s`, 12.5 USD -> `$12.5`. */
export function formatThreshold(value: number, display: AlertDisplay): string {
  const trim = (n: number) => String(Number(n.toPrecision(6)));
  switch (display) {
    case 'percent':
      return `${trim(value * 100)}%`;
    case 'seconds':
      return `${trim(value)}s`;
    case 'usd':
      return `$${trim(value)}`;
    default:
      return trim(value);
  }
}

/** The Prometheus template function that prints `$value` in the alert's display. */
export function valueTemplate(display: AlertDisplay): string {
  switch (display) {
    case 'percent':
      return '{{ $value | humanizePercentage }}';
    case 'seconds':
      return '{{ $value | humanizeDuration }}';
    case 'usd':
      return '${{ $value | printf "%.2f" }}';
    default:
      return '{{ $value | humanize }}';
  }
}

/** Grafana's unit for a display. */
export function grafanaUnit(display: AlertDisplay): string {
  return { percent: 'percentunit', seconds: 's', usd: 'currencyUSD', number: 'short' }[display];
}
