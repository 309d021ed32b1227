import type { InitPlan } from './plan-init.js';
import type { PackageManager } from './detect-app.js';

const KIND_NAMES = { 'next-app': 'Next.js App Router', 'next-pages': 'Next.js Pages Router', 'vite-react': 'Vite React' } as const;

/** How each package manager adds packages and runs a local bin. */
const COMMANDS: Record<PackageManager, { add: string; addDev: string; run: string }> = {
  npm: { add: 'npm install', addDev: 'npm install -D', run: 'npx taxon' },
  pnpm: { add: 'pnpm add', addDev: 'pnpm add -D', run: 'pnpm taxon' },
  yarn: { add: 'yarn add', addDev: 'yarn add -D', run: 'yarn taxon' },
  bun: { add: 'bun add', addDev: 'bun add -d', run: 'bunx taxon' },
};

/** The one-line summary of what was detected. */
export function describeApp(plan: InitPlan): string {
  const { app } = plan;
  const alias = app.alias ? `alias ${app.alias.prefix}* -> ${app.alias.target}` : 'no path alias';
  return `${KIND_NAMES[app.kind]} app, ${app.srcDir ? 'src/ layout' : 'no src/ folder'}, ${alias}, ${app.packageManager}, ` +
    `consent tool: ${app.consentTool ?? 'none found'}`;
}

/** The file list: what is (or would be) created and what is left alone. */
export function formatFiles(plan: InitPlan, dryRun: boolean): string {
  const width = dryRun ? 'would create'.length : 'create'.length;
  return plan.files
    .map((f) => f.status === 'create'
      ? `  ${(dryRun ? 'would create' : 'create').padEnd(width)}  ${f.path}`
      : f.note
        ? `  ${'skip'.padEnd(width)}  ${f.path} (${f.note})`
        : `  ${'exists'.padEnd(width)}  ${f.path} (left alone)`)
    .join('\n');
}

/** What the consent decision in the tracker module means. */
export function formatConsent(plan: InitPlan): string {
  const tracker = plan.files.find((f) => f.path.endsWith('lib/analytics.ts'))?.path ?? 'the tracker module';
  if (plan.consent === 'denied') {
    return `Consent: every type starts denied (${plan.app.consentTool ? `${plan.app.consentTool} is installed` : '--consent denied'}). Nothing reaches the ` +
      `collector until your banner calls tracker.setConsent({ analytics_storage: 'granted' }); see the comment in ${tracker}.`;
  }
  return 'Consent: no consent tool found, so analytics storage is granted by default (ads denied) and events flow from the first ' +
    `page view. If your visitors must opt in (EU/UK), run with --consent denied or edit the comment-marked block in ${tracker}.`;
}

/** The root-file edit `taxon init` leaves to the user. */
export function formatRootEdit(plan: InitPlan): string {
  const edit = plan.rootEdit;
  if (edit.status === 'done') return `${edit.file} already wraps the app in <TaxonProviders>: nothing to edit.`;
  if (edit.status === 'manual') {
    return `Wrap your app's root in <TaxonProviders> by hand (${edit.file ?? 'no root file'}: ${edit.reason}).`;
  }
  return `The one edit taxon init does not make: wrap your app in <TaxonProviders> in ${edit.file}\n` +
    `(apply it with \`patch -p1\` or \`git apply\`, or by hand):\n\n${edit.diff}`;
}

/** The commands left to run, for the detected package manager. */
export function formatNextSteps(plan: InitPlan): string {
  const pm = COMMANDS[plan.app.packageManager];
  const steps: string[] = [];
  const { runtime, dev } = plan.missingPackages;
  if (runtime.length > 0) steps.push(`${pm.add} ${runtime.join(' ')}`);
  if (dev.length > 0) steps.push(`${pm.addDev} ${dev.join(' ')}`);
  steps.push(`${pm.run} gen            # writes ${plan.outDir}/ from the taxonomy (commit it)`);
  if (plan.rootEdit.status !== 'done') steps.push(`apply the ${plan.rootEdit.file ?? 'root file'} edit above`);
  steps.push(`${pm.run} collector      # the local collector on http://127.0.0.1:8787 (add .taxon/ to .gitignore)`);
  steps.push("in a client component: const trackEvent = useTrackEvent(); trackEvent('plan_selected', { plan: 'pro', billing_interval: 'monthly' })");
  steps.push(`${pm.run} verify --collector http://127.0.0.1:8787 --funnel upgrade`);
  return `Next steps:\n${steps.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}`;
}
