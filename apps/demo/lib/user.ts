import type { PlanType } from '@/lib/taxonomy';

/**
 * The signed-up user as the browser knows it. The id is random (never the email, which is not
 * stored anywhere). The paywall does not trust this: a free user's remaining generations come from
 * the server's credit ledger (`/api/credits`, and every `/api/generate` answer).
 */
export interface QuillUser {
  id: string;
  plan: PlanType;
  /** Successful generations made in this browser (informational; the ledger decides). */
  generations: number;
}

const USER_KEY = 'quill.user';

/** Free generations the server grants each free user in the credit ledger, before the paywall. */
export const FREE_GENERATIONS = 3;

/** The signed-in user, or null. */
export function readUser(): QuillUser | null {
  try {
    const raw = window.localStorage.getItem(USER_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<QuillUser>;
    if (typeof parsed.id !== 'string') return null;
    const plan = parsed.plan === 'pro' || parsed.plan === 'enterprise' ? parsed.plan : 'free';
    return { id: parsed.id, plan, generations: typeof parsed.generations === 'number' ? parsed.generations : 0 };
  } catch {
    return null;
  }
}

/** Saves the user. */
export function writeUser(user: QuillUser): void {
  try {
    window.localStorage.setItem(USER_KEY, JSON.stringify(user));
  } catch {
    // No storage: the session still works until reload.
  }
}

/** Creates a user with a random opaque id. */
export function createUser(): QuillUser {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  const id = `u_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const user: QuillUser = { id, plan: 'free', generations: 0 };
  writeUser(user);
  return user;
}

/** The user, created anonymously when someone opens the app without signing up. */
export function currentUser(): QuillUser {
  return readUser() ?? createUser();
}
