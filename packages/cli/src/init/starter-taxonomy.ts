// The starter taxonomy `taxon init` writes: a few generic SaaS events and one funnel, lint-clean.
/** File name (inside the taxonomy folder) to contents. */
export function starterTaxonomy(name: string): Record<string, string> {
  return {
    'taxonomy.yaml': `# The analytics contract of this app, written by \`taxon init\`. Change it in a pull request:
# \`npx taxon lint\` checks it, \`npx taxon gen\` regenerates the typed code. Format:
# https://github.com/taxon-analytics/taxon/blob/main/docs/taxonomy-format.md
taxonomy: ${name}
version: 0.1.0
description: Product analytics of this app.
`,
    'params.yaml': `# Params shared by all events. An event lists the ones it carries under required/optional.
params:
  source:
    description: The part of the app where the action started.
    type: enum
    values: [home, pricing, header, footer, app, email, other]
  plan:
    description: The subscription plan the event is about.
    type: enum
    values: [free, pro, team]
  billing_interval:
    description: How often the subscription is billed.
    type: enum
    values: [monthly, yearly]
  signup_method:
    description: How the account was created.
    type: enum
    values: [email, google, github]
  value:
    description: Monetary value of the event in the given currency (GA4 recommended param).
    type: number
    min: 0
  currency:
    description: ISO 4217 currency code of value (GA4 recommended param).
    type: pattern
    pattern: '^[A-Z]{3}$'
`,
    'events.yaml': `# A few generic SaaS events to start from: rename, remove and add your own.
# owner: client events are sent from the browser (trackEvent); owner: server ones from your server.
events:
  signup_completed:
    description: An account was created and the user is signed in.
    owner: client
    required: [signup_method]
    optional: [source]
  pricing_viewed:
    description: The pricing page was shown.
    owner: client
    optional: [source]
  plan_selected:
    description: The user chose a plan on the pricing page.
    owner: client
    required: [plan, billing_interval]
  checkout_started:
    description: The checkout page for the chosen plan was shown.
    owner: client
    required: [plan, billing_interval]
  subscription_activated:
    description: The payment provider confirmed the subscription. Send it from your payment webhook with @taxon/edge.
    owner: server
    required: [plan, billing_interval, value, currency]
`,
    'funnels.yaml': `# Funnels: ordered steps a visitor passes within the window (\`npx taxon funnels\` against the collector).
funnels:
  upgrade:
    description: From the pricing page to the checkout of a paid plan.
    window: 1d
    steps:
      - pricing_viewed
      - plan_selected
      - checkout_started
`,
  };
}
