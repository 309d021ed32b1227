import type { Metadata } from 'next';
import { connection } from 'next/server';
import { FunnelChart } from '@/components/FunnelChart';
import { costBy, type CostRow } from '@taxon/store';
import { serverAnalytics } from '@/lib/server/analytics';
import { collectorReport } from '@/lib/server/collector-report';

export const metadata: Metadata = { title: 'Quill - Analytics' };

const SHOWN_PARAMS = ['feature', 'model', 'plan_type', 'error_type', 'token_bucket', 'duration_bucket', 'target_plan', 'page_title'];

async function modelCosts(): Promise<CostRow[]> {
  try {
    const { usageLog } = await serverAnalytics();
    return await costBy(usageLog.driver, 'model', '24h');
  } catch {
    return [];
  }
}

/** The taxonomy's funnels as the local collector computes them, and the latest events. */
export default async function AnalyticsPage() {
  await connection();
  const [report, costs] = await Promise.all([collectorReport(), modelCosts()]);
  if (!report.ok) {
    return (
      <>
        <h1>Product analytics</h1>
        <p className="card error">
          The collector at <code>{report.url}</code> cannot be reached ({report.message}). Start the demo with{' '}
          <code>pnpm demo</code>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Product analytics</h1>
      <p className="muted">
        Funnels from the local Taxon collector: every event here crossed the wire as a GA4 Measurement
        Protocol hit and was checked against the taxonomy. {report.bad > 0 ? `${report.bad} events were rejected as invalid.` : 'No event was rejected.'}
      </p>
      <div className="funnels">
        {report.funnels.map((funnel) => (
          <FunnelChart key={funnel.name} funnel={funnel} />
        ))}
      </div>
      <section className="card">
        <h2>AI cost by model, last 24 hours</h2>
        <p className="muted">Exact figures from the usage log (never sent to analytics, which gets buckets).</p>
        <table className="events" data-testid="cost-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Calls</th>
              <th>Tokens</th>
              <th>Cost (USD)</th>
            </tr>
          </thead>
          <tbody>
            {costs.map((row) => (
              <tr key={row.key ?? '-'}>
                <td>
                  <code>{row.key}</code>
                </td>
                <td>{row.calls}</td>
                <td>{row.totalTokens}</td>
                <td>{row.cost}</td>
              </tr>
            ))}
            {costs.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No AI calls yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>Latest events</h2>
        <table className="events" data-testid="events-table">
          <thead>
            <tr>
              <th>Received</th>
              <th>Event</th>
              <th>Params</th>
              <th>Client</th>
            </tr>
          </thead>
          <tbody>
            {report.events.map((event) => (
              <tr key={String(event.id)}>
                <td>{new Date(event.received_at).toLocaleTimeString('en-GB')}</td>
                <td>
                  <code>{event.name}</code>
                </td>
                <td className="params">
                  {SHOWN_PARAMS.filter((key) => event.params[key] !== undefined)
                    .map((key) => `${key}=${String(event.params[key])}`)
                    .join('  ')}
                </td>
                <td className="muted">{event.client_id}</td>
              </tr>
            ))}
            {report.events.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No events yet. Accept analytics and use the app.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
    </>
  );
}
