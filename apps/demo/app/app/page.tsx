import type { Metadata } from 'next';
import { Workspace } from '@/components/Workspace';

export const metadata: Metadata = { title: 'Quill - App' };

export default function AppPage() {
  return (
    <>
      <h1>Workspace</h1>
      <Workspace />
    </>
  );
}
