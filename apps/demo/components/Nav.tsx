import Link from 'next/link';

const LINKS = [
  { href: '/', label: 'Home', testId: 'nav-home' },
  { href: '/pricing', label: 'Pricing', testId: 'nav-pricing' },
  { href: '/signup', label: 'Sign up', testId: 'nav-signup' },
  { href: '/app', label: 'App', testId: 'nav-app' },
  { href: '/analytics', label: 'Analytics', testId: 'nav-analytics' },
] as const;

/** The top navigation (client-side route changes through next/link). */
export function Nav() {
  return (
    <header className="nav">
      <Link href="/" className="brand">
        Quill
      </Link>
      <nav>
        {LINKS.map((link) => (
          <Link key={link.href} href={link.href} data-testid={link.testId}>
            {link.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
