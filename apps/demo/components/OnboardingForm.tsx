'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAnalytics } from '@taxon/react';
import { enumValues, type UseCase } from '@/lib/taxonomy';
import { currentUser } from '@/lib/user';

const LABELS: Record<UseCase, string> = {
  blog: 'Blog posts',
  marketing: 'Marketing copy',
  support: 'Support replies',
  documentation: 'Documentation',
  social: 'Social media',
  other: 'Something else',
};

/** One onboarding question (a fixed list, so no free text reaches analytics). */
export function OnboardingForm() {
  const tracker = useAnalytics();
  const router = useRouter();
  const [useCase, setUseCase] = useState<UseCase>('blog');

  const finish = async () => {
    const user = currentUser();
    tracker.trackEvent('onboarding_completed', { use_case: useCase, plan_type: user.plan });
    await tracker.flush();
    router.push('/app');
  };

  return (
    <div className="card form">
      <fieldset>
        <legend>What will you write with Quill?</legend>
        {(enumValues.use_case as readonly UseCase[]).map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name="use_case"
              value={value}
              checked={useCase === value}
              onChange={() => setUseCase(value)}
            />
            {LABELS[value]}
          </label>
        ))}
      </fieldset>
      <button type="button" className="button" data-testid="onboarding-finish" onClick={finish}>
        Finish and open the app
      </button>
    </div>
  );
}
