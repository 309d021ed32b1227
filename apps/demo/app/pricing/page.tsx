import type { Metadata } from 'next';
import { SourceLink } from '@/components/TrackedLink';

export const metadata: Metadata = { title: 'Quill - Pricing' };

export default function PricingPage() {
  return (
    <>
      <h1>Pricing</h1>
      <div className="plans">
        <article className="card plan">
          <h2>Free</h2>
          <p className="price">$0</p>
          <ul>
            <li>3 generations</li>
            <li>All five features</li>
            <li>Every model</li>
          </ul>
          <SourceLink href="/signup" source="pricing" className="button secondary">
            Start free
          </SourceLink>
        </article>
        <article className="card plan featured">
          <h2>Pro</h2>
          <p className="price">
            $19<span>/month</span>
          </p>
          <ul>
            <li>Unlimited generations</li>
            <li>Priority models</li>
            <li>Team sharing</li>
          </ul>
          <SourceLink href="/signup" source="pricing" className="button">
            Start free, upgrade later
          </SourceLink>
        </article>
      </div>
    </>
  );
}
