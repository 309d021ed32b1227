import type { FunnelReport } from '@/lib/server/collector-report';

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : `${(value * 100).toFixed(value >= 0.995 || value === 0 ? 0 : 1)}%`;

function duration(ms: number | null): string {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

const label = (name: string) => name.replace(/_/g, ' ');

/** One funnel as horizontal bars: width = share of the first step, with counts and conversion. */
export function FunnelChart({ funnel }: { funnel: FunnelReport }) {
  const top = Math.max(1, funnel.steps[0]?.count ?? 0);
  return (
    <section className="card funnel" data-testid={`funnel-${funnel.name}`}>
      <header className="funnel-head">
        <div>
          <h2>{label(funnel.name)}</h2>
          {funnel.description ? <p className="muted">{funnel.description}</p> : null}
        </div>
        <div className="funnel-total">
          <strong>{percent(funnel.overallConversion)}</strong>
          <span className="muted">
            {funnel.completed} of {funnel.entered} converted within {funnel.window}
          </span>
        </div>
      </header>
      <ol className="bars">
        {funnel.steps.map((step, index) => (
          <li key={step.name} className="bar-row">
            <span className="bar-label">
              {index + 1}. {label(step.name)}
            </span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${(step.count / top) * 100}%` }} />
              {/* The label sits on the bar when it is wide enough, else after its start on the track. */}
              <span
                className={`bar-value${step.count / top < 0.25 ? ' outside' : ''}`}
                style={step.count / top < 0.25 ? { left: `calc(${(step.count / top) * 100}% + 0.6rem)` } : undefined}
              >
                {funnel.entered === 0 ? step.count : `${step.count} · ${percent(step.overallConversion ?? (index === 0 ? 1 : null))}`}
              </span>
            </span>
            <span className="bar-note muted">
              {index === 0
                ? 'entered'
                : funnel.entered === 0
                  ? 'nobody entered yet'
                  : `${percent(step.stepConversion)} of previous${step.medianMsFromPrevious !== null ? `, median ${duration(step.medianMsFromPrevious)}` : ''}`}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
