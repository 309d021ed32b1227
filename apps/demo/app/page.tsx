import type { Metadata } from 'next';
import { LandingTracker } from '@/components/LandingTracker';
import { SourceLink } from '@/components/TrackedLink';

export const metadata: Metadata = { title: 'Quill - Home' };

export default function HomePage() {
  return (
    <>
      <LandingTracker />
      <section className="hero">
        <p className="eyebrow">AI writing assistant</p>
        <h1>Write better, faster, with Quill.</h1>
        <p className="lead">
          Rewrite, summarize, expand, translate or change the tone of any text with the model of
          your choice. Three generations free, no card needed.
        </p>
        <div className="actions">
          <SourceLink href="/signup" source="landing" className="button" testId="cta-signup">
            Start writing free
          </SourceLink>
          <SourceLink href="/pricing" source="landing" className="button secondary">
            See pricing
          </SourceLink>
        </div>
      </section>
      <section className="features">
        {[
          ['Rewrite', 'Say the same thing, clearer.'],
          ['Summarize', 'Long threads into three lines.'],
          ['Translate', 'Keep the meaning, change the language.'],
        ].map(([title, text]) => (
          <article key={title} className="card">
            <h3>{title}</h3>
            <p>{text}</p>
          </article>
        ))}
      </section>
    </>
  );
}
