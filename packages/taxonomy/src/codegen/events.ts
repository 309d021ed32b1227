import { eventParams, lifecycleGroups, type EventDef, type ParamDef, type Taxonomy } from '../model.js';
import { array, doc, key, lit, typeName, union } from './names.js';

/** The TypeScript type a param has on the wire. */
function wireType(param: ParamDef): string {
  switch (param.type) {
    case 'enum':
    case 'bucket':
      return typeName(param);
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    default:
      return 'string';
  }
}

function valueTypes(taxonomy: Taxonomy): string {
  return [...taxonomy.params.values()]
    .filter((p) => p.type === 'enum' || p.type === 'bucket')
    .map((p) => {
      const values = p.type === 'enum' ? p.values! : p.bucket!.labels;
      const prefix = `export type ${typeName(p)} = `;
      return `/** ${doc(p.description)} */\n${prefix}${union(values.map(lit), prefix)};\n`;
    })
    .join('\n');
}

function paramDoc(p: ParamDef): string {
  const extra =
    p.type === 'bucket'
      ? ` Raw ${p.bucket!.unit}; sent as \`${p.name}\`.`
      : p.type === 'pattern'
        ? ` Must match \`${p.pattern}\`.`
        : '';
  return `/** ${doc(p.description)}${extra} */`;
}

/** The params object type of one event, at the call site (`input`) or as sent (`wire`). */
function paramsBlock(taxonomy: Taxonomy, event: EventDef, stage: 'input' | 'wire'): string {
  const lines = eventParams(event).map(({ name, required }) => {
    const p = taxonomy.params.get(name)!;
    const field = stage === 'input' && p.bucket ? p.bucket.from : p.name;
    const type = stage === 'input' && p.bucket ? 'number' : wireType(p);
    return `    ${paramDoc(p)}\n    ${key(field)}${required ? '' : '?'}: ${type};`;
  });
  return lines.length === 0 ? '{ [key: string]: never }' : `{\n${lines.join('\n')}\n  }`;
}

function eventMap(taxonomy: Taxonomy, name: string, stage: 'input' | 'wire', summary: string): string {
  const entries = [...taxonomy.events.values()].map(
    (e) => `  /** ${doc(e.description)} Owner: ${e.owner}. */\n  ${key(e.name)}: ${paramsBlock(taxonomy, e, stage)};`,
  );
  return `/** ${summary} */\nexport interface ${name} {\n${entries.join('\n')}\n}\n`;
}

/**
 * The events section of the runtime module: value types, `EventMap` (call-site params: raw
 * numbers for buckets), `EventWireMap` (what is sent), the typed `TrackEvent` signature and the
 * event data the runtimes need (owners and params, enum values, lifecycles).
 */
export function emitEvents(taxonomy: Taxonomy): string {
  const events = [...taxonomy.events.values()];
  const names = (owner: string) => {
    const members = events.filter((e) => e.owner === owner).map((e) => lit(e.name));
    return members.length === 0 ? 'never' : union(members, 'export type ServerEventName = ');
  };
  const tuple = (items: readonly string[], prefix: string, indent: string) =>
    `readonly ${array(items.map(lit), `${prefix}readonly `, indent)}`;
  const definitionTypes = events
    .map(
      (e) =>
        `  ${key(e.name)}: {\n    owner: ${lit(e.owner)};\n    required: ${tuple(e.required, '    required: ', '    ')};\n    optional: ${tuple(e.optional, '    optional: ', '    ')};\n  };`,
    )
    .join('\n');
  const definitions = events
    .map((e) => {
      const parts = [e.owner, e.required.join(' '), e.optional.join(' ')];
      return `    ${key(e.name)}: ${lit((e.optional.length > 0 ? parts : parts.slice(0, 2)).join('|'))},`;
    })
    .join('\n');
  const enumParams = [...taxonomy.params.values()].filter((p) => p.type === 'enum');
  const enumTypes = enumParams
    .map((p) => `  ${key(p.name)}: ${tuple(p.values!, `  ${key(p.name)}: `, '  ')};`)
    .join('\n');
  const enums = enumParams.map((p) => `    ${key(p.name)}: ${lit(p.values!.join(' '))},`).join('\n');
  const groups = lifecycleGroups(taxonomy);
  const lifecycleTypes = groups
    .map(
      (g) =>
        `  {\n    stem: ${lit(g.stem)};\n    started: ${lit(g.started)};\n    completed: ${lit(g.completed)};\n    failed: ${lit(g.failed ?? `${g.stem}_failed`)};\n  },`,
    )
    .join('\n');

  return `${valueTypes(taxonomy)}
${eventMap(taxonomy, 'EventMap', 'input', 'Params of each event at the call site: enums as literal unions, raw numbers for buckets.')}
${eventMap(taxonomy, 'EventWireMap', 'wire', 'Params of each event as sent: buckets as labels. No raw count ever appears here.')}
/** Every event name in the taxonomy. */
export type EventName = keyof EventMap;

/** Events the browser sends. */
export type ClientEventName = ${names('client')};

/** Events a backend must confirm (payment webhooks, AI call outcomes). */
export type ServerEventName = ${names('server')};

/** The params argument of \`trackEvent(name, params)\`: optional when the event has no required param. */
export type EventArgs<N extends EventName> = {} extends EventMap[N]
  ? [params?: EventMap[N]]
  : [params: EventMap[N]];

/** The typed \`trackEvent\`: a wrong name, a missing param or a value outside an enum is a type error. */
export type TrackEvent = <N extends EventName>(name: N, ...args: EventArgs<N>) => void;

/** Runtime description of an event. */
export interface EventDefinition {
  owner: 'client' | 'server';
  required: readonly string[];
  optional: readonly string[];
}

/** Owner and params of every event, as types: {@link eventDefinitions} holds exactly these. */
// Type aliases, not interfaces: a runtime's \`Record<string, ...>\` parameter takes only these.
export type EventDefinitions = {
${definitionTypes}
};

/** Allowed values of every enum param, as types: {@link enumValues} holds exactly these. */
export type EnumValues = {
${enumTypes}
};

/** A started/completed/failed group of events. */
export interface LifecycleDefinition {
  stem: string;
  started: EventName;
  completed: EventName;
  /** Always set: the linter requires \`X_failed\` beside \`X_started\` and \`X_completed\`. */
  failed: EventName;
}

/** The started/completed/failed groups, as types: {@link lifecycles} holds exactly these. */
export type Lifecycles = readonly [${groups.length ? `\n${lifecycleTypes}\n` : ''}];

// The event data below is written compactly and decoded once at load: it is what a production
// bundle carries of the taxonomy, and a list in a string costs less than an array literal, even
// gzipped. Names are identifiers and enum values never hold a space or a \`|\`, so those separate
// them. \`/* @__PURE__ */\` lets a bundler drop a decoding whose result the app does not use.

/** \`'a b c'\` -> \`['a', 'b', 'c']\`; an empty or missing text -> \`[]\`. */
const words = (text?: string): string[] => (text ? text.split(' ') : []);

/** \`{ key: text }\` -> \`{ key: decode(text) }\`, keys in order. */
function decodeEach<T>(data: { readonly [K in keyof T]: string }, decode: (text: string) => unknown): T {
  const decoded: Record<string, unknown> = {};
  for (const key in data) decoded[key] = decode(data[key]);
  return decoded as T;
}

/** \`'owner|required...|optional...'\` -> the event's definition. */
function decodeEvent(text: string): EventDefinition {
  const [owner, required, optional] = text.split('|');
  return { owner: owner as EventDefinition['owner'], required: words(required), optional: words(optional) };
}

/** \`'signup checkout'\` -> the started/completed/failed group of each stem. */
function decodeLifecycles<T>(stems: string): T {
  return words(stems).map((stem) => ({
    stem,
    started: \`\${stem}_started\`,
    completed: \`\${stem}_completed\`,
    failed: \`\${stem}_failed\`,
  })) as T;
}

/** Owner and params of every event, as data: \`'owner|required...|optional...'\`. */
export const eventDefinitions = /* @__PURE__ */ decodeEach<EventDefinitions>(
  {
${definitions}
  },
  decodeEvent,
);

/** Allowed values of every enum param, for runtime checks without a schema library. */
export const enumValues = /* @__PURE__ */ decodeEach<EnumValues>(
  {
${enums}
  },
  words,
);

/** Started/completed/failed groups, by stem: the lifecycle helpers are built from these. */
export const lifecycles = /* @__PURE__ */ decodeLifecycles<Lifecycles>(${lit(groups.map((g) => g.stem).join(' '))});

/** Which taxonomy this code was generated from. */
export const taxonomyInfo = { name: ${lit(taxonomy.name)}, version: ${lit(taxonomy.version)} } as const;
`;
}
