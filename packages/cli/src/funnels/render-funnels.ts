import type { Funnel } from './funnel-types.js';

/** How the report is drawn. */
export interface RenderOptions {
  /** Terminal width in columns; bars shrink to fit. @default 80 */
  columns?: number;
  /** ANSI colours (only on a terminal, never with NO_COLOR). @default false */
  color?: boolean;
  /** Who walked the funnels, for the heading. */
  by: 'client' | 'user';
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `fraction` (0 to 1) of `width` cells, with eighth-cell precision. */
export function bar(fraction: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = EIGHTHS[eighths % 8]!;
  return ('█'.repeat(full) + partial).padEnd(width, ' ');
}

/** `450ms`, `7.5s`, `7m 30s`, `2h 5m`, `1d 2h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number.isInteger(Math.round(s * 10) / 10) ? Math.round(s) : (Math.round(s * 10) / 10).toFixed(1)}s`;
  const parts = (a: number, unitA: string, b: number, unitB: string) => (b === 0 ? `${a}${unitA}` : `${a}${unitA} ${b}${unitB}`);
  const totalS = Math.round(s);
  if (totalS < 3600) return parts(Math.floor(totalS / 60), 'm', totalS % 60, 's');
  const totalM = Math.round(totalS / 60);
  if (totalM < 1440) return parts(Math.floor(totalM / 60), 'h', totalM % 60, 'm');
  const totalH = Math.round(totalM / 60);
  return parts(Math.floor(totalH / 24), 'd', totalH % 24, 'h');
}

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

/**
 * The funnel report for a terminal: per funnel a heading, one bar per step scaled to the first
 * step, the count, overall and step conversion, the median time from the previous step and the
 * drop-off. Bars fit the terminal width; colours only when asked for.
 */
export function renderFunnels(funnels: readonly Funnel[], options: RenderOptions): string {
  const columns = Math.max(40, options.columns ?? 80);
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  // One layout for every funnel, so their bars line up and compare.
  const steps = funnels.flatMap((f) => f.steps);
  const nameWidth = Math.max(...steps.map((s) => s.name.length), 4);
  const countWidth = Math.max(...steps.map((s) => String(s.count).length), 1);
  // Indent, name, count, overall %, step %, median, drop-off and the gaps between: the bar gets
  // what is left of the width, 10 to 40 cells.
  const fixed = 2 + nameWidth + countWidth + 5 + 9 + 15 + 7 + 6 * 2;
  const width = Math.max(10, Math.min(40, columns - fixed));
  for (const funnel of funnels) {
    const first = funnel.steps[0]?.count ?? 0;
    out.push(`${paint('1', funnel.name)}  ${funnel.description}`);
    out.push(paint('2', `  window ${funnel.window}, per ${options.by}; bars relative to the first step`));
    funnel.steps.forEach((step, i) => {
      const fraction = first === 0 ? 0 : step.count / first;
      const cells = [
        `  ${step.name.padEnd(nameWidth)}`,
        paint('32', bar(fraction, width)),
        String(step.count).padStart(countWidth),
        percent(step.overallConversion).padStart(5),
        i === 0 ? ''.padEnd(9) : `step ${percent(step.stepConversion).padStart(4)}`,
        step.medianMsFromPrevious === null ? ''.padEnd(15) : `median ${formatDuration(step.medianMsFromPrevious)}`.padEnd(15),
        step.dropOff > 0 ? paint('31', `lost ${step.dropOff}`) : '',
      ];
      out.push(cells.join('  ').trimEnd());
    });
    const summary = funnel.entered === 0
      ? 'nobody entered yet'
      : `${funnel.completed} of ${funnel.entered} completed (${percent(funnel.overallConversion)})`;
    out.push(`  ${summary}`, '');
  }
  if (funnels.length === 0) out.push('The taxonomy defines no funnels (funnels.yaml).', '');
  return out.join('\n');
}
