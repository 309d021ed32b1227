import { relative, sep } from 'node:path';
import ts from 'typescript';
import { callsIn, calleeName, functionOf, position, resolvedSymbol, stringLiterals, unwrap } from './lib/ast.js';
import { findBypass } from './find-bypass.js';
import type { Side } from './file-side.js';
import { BUILTIN_FIXED_EMITTERS, FALLBACK_EMITTER_NAMES, type EmitterSpec } from './coverage-options.js';

/** Where something was found, relative to the project root. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** One event emitted at one call. */
export interface CallSite extends Location {
  event: string;
  side: Side;
  /** How the call was recognised: the callee, and the wrapper chain when there is one. */
  via: string;
}

/** A call whose event name could not be resolved to literals. */
export interface DynamicCall extends Location {
  side: Side;
  call: string;
  /** The type the checker gives the name argument. */
  type: string;
}

/** A call with a literal event name that is not in the taxonomy. */
export interface UnknownEventCall extends Location {
  event: string;
  call: string;
}

/** A direct call to gtag / dataLayer.push / sendGAEvent / ..., past the typed tracker. */
export interface BypassCall extends Location {
  /** What it calls, by its canonical name: `gtag`, `dataLayer.push`, `sendGAEvent`, `ReactGA.event`. */
  call: string;
  /** The callee as written, e.g. `window.dataLayer.push` or a local import alias. */
  callee: string;
}

export interface CallSiteIndex {
  calls: CallSite[];
  dynamic: DynamicCall[];
  unknown: UnknownEventCall[];
  bypasses: BypassCall[];
}

export interface IndexInput {
  program: ts.Program;
  root: string;
  /** Absolute paths of the files to scan (the program may hold more, such as imported libraries). */
  files: readonly string[];
  events: ReadonlyMap<string, { owner: 'client' | 'server' }>;
  /** Lifecycle groups: `start<Stem>()` emits `started`; its handle's complete/fail the terminals. */
  lifecycles: readonly { stem: string; started: string; completed: string; failed: string | undefined }[];
  emitters: readonly EmitterSpec[];
  sideOf: (path: string, sf: ts.SourceFile) => Side;
  allowBypass: (path: string) => boolean;
}

type Emitter =
  | { kind: 'name'; index: number; via: string; fallback?: boolean }
  | { kind: 'fixed'; events: string[]; via: string };

/** `generation` -> `Generation`, `ai_call` -> `AiCall`: the `start<Stem>` lifecycle starters. */
const pascal = (stem: string) => stem.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

function functionName(fn: ts.SignatureDeclaration): string {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return 'function';
}

/**
 * Indexes every event emission in `files`: typed tracker calls, configured and built-in emitters,
 * lifecycle helpers, and wrappers of any of them (functions whose parameter flows into the
 * event-name argument), resolved at the wrappers' own call sites, to a fixed point.
 */
export function indexCallSites(input: IndexInput): CallSiteIndex {
  const { program, events } = input;
  const checker = program.getTypeChecker();
  // The compiler reports file names with forward slashes on every platform.
  const scanned = new Set(input.files.map((f) => f.split(sep).join('/')));
  const isScanned = (sf: ts.SourceFile) => scanned.has(sf.fileName);
  const sources = program.getSourceFiles().filter(isScanned);
  const rel = (sf: ts.SourceFile) => relative(input.root, sf.fileName).split(sep).join('/');
  const sides = new Map(sources.map((sf) => [sf, input.sideOf(rel(sf), sf)]));
  const starters = new Map(input.lifecycles.map((l) => [`start${pascal(l.stem)}`, l]));
  const stems = new Map(input.lifecycles.map((l) => [l.stem, l]));
  const all = [...events.keys()];
  const clientAll = all.filter((e) => events.get(e)!.owner === 'client');
  const serverAll = all.filter((e) => events.get(e)!.owner === 'server');
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && b.every((x) => a.includes(x));

  const wrappers = new Map<ts.Node, Emitter>();
  const wrapperInternal = new Set<ts.CallExpression>();

  const isEventNameType = (type: ts.Type): boolean => {
    const base = type.isTypeParameter() ? checker.getBaseConstraintOfType(type) : type;
    const values = base && stringLiterals(base);
    return values !== undefined && values.every((v) => events.has(v));
  };

  /** Emitters are sinks: they return nothing (void or a promise of it); builders and checks return values. */
  const returnsNothing = (signature: ts.Signature): boolean => {
    const returned = checker.getReturnTypeOfSignature(signature);
    const awaited = checker.getAwaitedType(returned) ?? returned;
    const parts = awaited.isUnion() ? awaited.types : [awaited];
    const nothing = ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never;
    return parts.every((t) => (t.flags & nothing) !== 0);
  };

  const configured = (call: ts.CallExpression): EmitterSpec | undefined => {
    const name = calleeName(call);
    const text = unwrap(call.expression).getText().replace(/\s+/g, '');
    return input.emitters.find((e) =>
      e.name.includes('.') ? text === e.name || text.endsWith(`.${e.name}`) : e.name === name,
    );
  };

  const lifecycleTerminal = (call: ts.CallExpression): string | undefined => {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !['complete', 'fail'].includes(callee.name.text)) return undefined;
    let receiver: ts.Expression = unwrap(callee.expression);
    if (ts.isIdentifier(receiver)) {
      const decl = checker.getSymbolAtLocation(receiver)?.valueDeclaration;
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer) receiver = unwrap(decl.initializer);
    }
    let group = ts.isCallExpression(receiver) ? starters.get(calleeName(receiver) ?? '') : undefined;
    if (!group) {
      // A handle kept elsewhere (a ref, a field): its type carries the stem,
      // as in LifecycleHandle<M, 'generation'>.
      const type = checker.getNonNullableType(checker.getTypeAtLocation(callee.expression));
      const reference = type as ts.TypeReference;
      const args = type.aliasTypeArguments ?? (reference.target ? checker.getTypeArguments(reference) : []);
      const stem = args.find((a) => a.isStringLiteral() && stems.has(a.value)) as ts.StringLiteralType | undefined;
      group = stem && stems.get(stem.value);
    }
    if (!group) return undefined;
    return callee.name.text === 'complete' ? group.completed : group.failed;
  };

  const emitterOf = (call: ts.CallExpression): Emitter | undefined => {
    const callee = unwrap(call.expression);
    const target = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const fn = functionOf(resolvedSymbol(checker, target));
    const wrapper = fn && wrappers.get(fn);
    if (wrapper) return wrapper;
    const spec = configured(call);
    if (spec) {
      return 'emits' in spec
        ? { kind: 'fixed', events: spec.emits, via: spec.name }
        : { kind: 'name', index: spec.nameArgument ?? 0, via: spec.name };
    }
    const name = calleeName(call) ?? '';
    const fixed = BUILTIN_FIXED_EMITTERS.find((e) => e.name === name);
    if (fixed) return { kind: 'fixed', events: fixed.emits.filter((e) => events.has(e)), via: name };
    // Lifecycle handles live in the browser and never send a server-owned event (the server
    // does): complete() of generation_completed closes the handle and emits nothing.
    const clientOwned = (event: string) => (events.get(event)?.owner === 'server' ? [] : [event]);
    const starter = starters.get(name);
    if (starter) return { kind: 'fixed', events: clientOwned(starter.started), via: name };
    const terminal = lifecycleTerminal(call);
    if (terminal) return { kind: 'fixed', events: clientOwned(terminal), via: `${calleeName(call)} of a lifecycle handle` };

    const calleeType = checker.getTypeAtLocation(callee);
    const signatures = calleeType.flags & ts.TypeFlags.Any ? [] : calleeType.getCallSignatures();
    if (signatures.length > 0) {
      // Signatures of the callee's type are instantiated (a Tracker<EventMap>'s trackEvent has
      // N extends keyof EventMap), unlike the declaration's own parameter types.
      const text = unwrap(call.expression).getText().replace(/\s+/g, '');
      for (const signature of signatures) {
        const decl = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
        // A callee with a body in scanned code is an emitter only if it is a wrapper (found above).
        const hasBody = decl !== undefined && 'body' in decl && decl.body !== undefined;
        if (hasBody && isScanned(decl.getSourceFile())) continue;
        const first = signature.getParameters()[0];
        if (first && isEventNameType(checker.getTypeOfSymbol(first)) && returnsNothing(signature)) {
          return { kind: 'name', index: 0, via: text };
        }
      }
      // An untyped tracker (name: string) is still a tracker; other typed callees are not emitters.
      const first = signatures[0]?.getParameters()[0];
      const untypedTracker =
        name === 'trackEvent' && first && checker.getTypeOfSymbol(first).flags & ts.TypeFlags.String;
      return untypedTracker ? { kind: 'name', index: 0, via: name, fallback: true } : undefined;
    }
    if (!FALLBACK_EMITTER_NAMES.includes(name)) return undefined;
    return { kind: 'name', index: 0, via: name, fallback: true };
  };

  /** The function and parameter index when `arg` is (an alias of) a parameter of an enclosing function. */
  type Flow = { fn: ts.SignatureDeclaration; index: number };
  const parameterFlow = (arg: ts.Expression): Flow | undefined => {
    let expr = unwrap(arg);
    for (let hops = 0; hops < 5 && ts.isIdentifier(expr); hops++) {
      const decl = checker.getSymbolAtLocation(expr)?.valueDeclaration;
      if (decl && ts.isParameter(decl) && ts.isIdentifier(decl.name)) {
        const fn = decl.parent;
        return { fn, index: fn.parameters.indexOf(decl) };
      }
      if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
      expr = unwrap(decl.initializer);
    }
    return undefined;
  };

  const calls = sources.flatMap((sf) => callsIn(sf));
  // Wrappers of wrappers are found by repeating until no new wrapper appears.
  for (let changed = true, rounds = 0; changed && rounds < 20; rounds++) {
    changed = false;
    for (const call of calls) {
      const emitter = emitterOf(call);
      if (emitter?.kind !== 'name' || wrapperInternal.has(call)) continue;
      const arg = call.arguments[emitter.index];
      const flow = arg && parameterFlow(arg);
      if (!flow || wrappers.has(flow.fn)) {
        if (flow) wrapperInternal.add(call);
        continue;
      }
      const where = position(flow.fn);
      const via = `${functionName(flow.fn)} (${rel(flow.fn.getSourceFile())}:${where.line}) -> ${emitter.via}`;
      wrappers.set(flow.fn, { kind: 'name', index: flow.index, via });
      wrapperInternal.add(call);
      changed = true;
    }
  }

  const index: CallSiteIndex = { calls: [], dynamic: [], unknown: [], bypasses: [] };
  for (const call of calls) {
    const sf = call.getSourceFile();
    const loc = { file: rel(sf), ...position(call) };
    const side = sides.get(sf) ?? 'shared';
    const bypass = findBypass(checker, call);
    if (bypass) {
      if (!input.allowBypass(loc.file)) {
        index.bypasses.push({ ...loc, call: bypass, callee: unwrap(call.expression).getText() });
      }
      continue;
    }
    const emitter = emitterOf(call);
    if (!emitter || wrapperInternal.has(call)) continue;
    const callText = call.getText().replace(/\s+/g, ' ');
    const short = callText.length > 80 ? `${callText.slice(0, 77)}...` : callText;
    const names = (() => {
      if (emitter.kind === 'fixed') return emitter.events;
      const arg = call.arguments[emitter.index];
      if (!arg) return undefined;
      const literal = unwrap(arg);
      if (ts.isStringLiteralLike(literal)) return [literal.text];
      if (emitter.fallback) return undefined;
      const values = stringLiterals(checker.getTypeAtLocation(arg));
      // A name typed as the whole EventName (or a whole side) says nothing about which event it is.
      const whole = values && [all, clientAll, serverAll].some((set) => sameSet(values, set));
      if (whole && values.length > 1) return undefined;
      return values;
    })();
    // An untyped `send(x)` or `track(x)` proves nothing: only literal taxonomy names count from them.
    const quietFallback = emitter.kind === 'name' && emitter.fallback === true && emitter.via !== 'trackEvent';
    if (!names) {
      const arg = emitter.kind === 'name' ? call.arguments[emitter.index] : undefined;
      if (quietFallback) continue;
      const type = arg ? checker.typeToString(checker.getTypeAtLocation(arg)) : 'no argument';
      index.dynamic.push({ ...loc, side, call: short, type });
      continue;
    }
    for (const event of names) {
      if (events.has(event)) index.calls.push({ ...loc, event, side, via: emitter.via });
      else if (!quietFallback) index.unknown.push({ ...loc, event, call: short });
    }
  }
  return index;
}
