import type { Metadata } from 'next';
import { CheckoutButton } from '@/components/CheckoutButton';

export const metadata: Metadata = { title: 'Quill - Checkout' };

export default function CheckoutPage() {
  return (
    <>
      <h1>Upgrade to Pro</h1>
      <div className="card form">
        <p className="price">
          $19<span>/month</span>
        </p>
        <ul>
          <li>Unlimited generations</li>
          <li>Every model, priority queue</li>
          <li>Cancel any time</li>
        </ul>
        <p className="muted">You will pay on our payment partner&apos;s secure page, then come back here.</p>
        <CheckoutButton />
      </div>
    </>
  );
}
