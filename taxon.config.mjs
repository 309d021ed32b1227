// Taxon configuration: where the taxonomy lives and where `taxon gen` writes.
// Paths are relative to this file. Every `taxon` command finds it from any subfolder.

/** @type {import('@taxon/cli').TaxonConfig} */
export default {
  taxonomy: 'taxonomy',
  outDir: 'generated/taxon',
  docs: 'docs/tracking-plan.md',
  // `taxon coverage --strict` runs on the demo app in the test command.
  coverage: {
    include: ['apps/demo/**/*.{ts,tsx}'],
    tsconfig: 'apps/demo/tsconfig.json',
    // Server events of recurring billing. The demo sells Pro through one Stripe Checkout and has
    // no subscription lifecycle; an app that does sends these from its Stripe webhook.
    emittedElsewhere: {
      checkout_failed: 'not in the demo: its hosted checkout always pays (a real app sends it on checkout.session.expired or async_payment_failed)',
      subscription_renewed: 'not in the demo: no recurring billing (a real app sends it on Stripe invoice.paid)',
      subscription_cancelled: 'not in the demo: no recurring billing (customer.subscription.deleted)',
      subscription_upgraded: 'not in the demo: no recurring billing (customer.subscription.updated)',
      payment_failed: 'not in the demo: no recurring billing (invoice.payment_failed)',
      refund_processed: 'not in the demo: no refunds (charge.refunded)',
    },
  },
};
