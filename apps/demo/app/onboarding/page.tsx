import type { Metadata } from 'next';
import { OnboardingForm } from '@/components/OnboardingForm';

export const metadata: Metadata = { title: 'Quill - Onboarding' };

export default function OnboardingPage() {
  return (
    <>
      <h1>Welcome to Quill</h1>
      <OnboardingForm />
    </>
  );
}
