'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';

/** A next/link that remembers which surface the visitor came from (signup_started's `source`). */
export function SourceLink({
  href,
  source,
  className,
  testId,
  children,
}: {
  href: string;
  source: 'landing' | 'pricing';
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Link
      href={href}
      className={className}
      data-testid={testId}
      onClick={() => {
        try {
          window.sessionStorage.setItem('quill.signup_source', source);
        } catch {
          // Without storage the source is 'signup'.
        }
      }}
    >
      {children}
    </Link>
  );
}
