'use client';
import { useEffect } from 'react';
import { useAnalytics } from '@taxon/react';
import { currentUser, writeUser } from '@/lib/user';

/** Marks the browser's user as Pro once the server confirmed the payment. */
export function ProActivated({ paid }: { paid: boolean }) {
  const tracker = useAnalytics();
  useEffect(() => {
    if (!paid) return;
    const user = currentUser();
    if (user.plan !== 'pro') writeUser({ ...user, plan: 'pro' });
    tracker.setContext({ plan_type: 'pro' });
  }, [paid, tracker]);
  return null;
}
