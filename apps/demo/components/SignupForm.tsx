'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAnalytics } from '@taxon/react';
import type { Source } from '@/lib/taxonomy';
import { acquisitionChannel } from '@/lib/acquisition-channel';
import type { QuillTracker } from '@/lib/analytics';
import { createUser } from '@/lib/user';

type SignupHandle = ReturnType<QuillTracker['startSignup']>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function signupSource(): Source {
  try {
    const source = window.sessionStorage.getItem('quill.signup_source');
    if (source === 'landing' || source === 'pricing') return source;
  } catch {
    // fall through
  }
  return 'signup';
}

/**
 * The sign-up form. The email is only checked for shape and then forgotten: it is never stored,
 * never sent to the server in this demo, and never part of an analytics event.
 */
export function SignupForm() {
  const tracker = useAnalytics();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const signup = useRef<SignupHandle | null>(null);

  useEffect(() => {
    // Opening the form starts the signup lifecycle (signup_started, with a correlation id).
    if (signup.current && !signup.current.closed) return;
    signup.current = tracker.startSignup({
      source: signupSource(),
      acquisition_channel: acquisitionChannel(window.location.href, document.referrer),
    });
  }, [tracker]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const handle = signup.current ?? tracker.startSignup({ source: 'signup' });
    if (!EMAIL.test(email.trim())) {
      handle.fail('validation_failed', { signup_method: 'password' });
      signup.current = tracker.startSignup({ source: 'signup' });
      setError('Please enter a valid email address.');
      return;
    }
    createUser();
    // The demo has no password step; the account is created on the email alone.
    handle.complete({ signup_method: 'password', plan_type: 'free' });
    await tracker.flush();
    router.push('/onboarding');
  };

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <label htmlFor="email">Work email</label>
      <input
        id="email"
        type="email"
        autoComplete="email"
        data-testid="signup-email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        placeholder="you@company.com"
      />
      {error ? <p className="error">{error}</p> : null}
      <button type="submit" className="button" data-testid="signup-submit">
        Create account
      </button>
      <p className="muted">Your email stays on this page: Quill analytics never see it.</p>
    </form>
  );
}
