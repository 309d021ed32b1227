import type { Metadata } from 'next';
import { SignupForm } from '@/components/SignupForm';

export const metadata: Metadata = { title: 'Quill - Sign up' };

export default function SignupPage() {
  return (
    <>
      <h1>Create your Quill account</h1>
      <SignupForm />
    </>
  );
}
