import type { Metadata } from 'next';
import Link from 'next/link';
import { ProActivated } from '@/components/ProActivated';
import { checkoutSessions } from '@/lib/server/checkout-sessions';

export const metadata: Metadata = { title: 'Quill - Welcome to Pro' };

/**
 * Where the hosted checkout sends the buyer back (`?session_id=cs_...`). The purchase itself was
 * recorded by the webhook; this page only shows it. The session id never reaches analytics: the
 * URL scrubber removes `session_id` from page_location.
 */
export default async function SuccessPage({ searchParams }: { searchParams: Promise<{ session_id?: string | string[] }> }) {
  const { session_id: raw } = await searchParams;
  const id = typeof raw === 'string' ? raw : undefined;
  const session = id ? checkoutSessions().get(id) : undefined;
  const paid = session?.payment_status === 'paid';
  return (
    <>
      <ProActivated paid={paid} />
      <h1>{paid ? 'Welcome to Quill Pro' : 'Payment pending'}</h1>
      <div className="card">
        <p data-testid="success-status">
          {paid
            ? 'Your payment went through. Unlimited generations are on.'
            : 'We have not received the payment confirmation yet. Refresh in a moment.'}
        </p>
        <Link href="/app" className="button">
          Back to writing
        </Link>
      </div>
    </>
  );
}
