import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { makeFinding, type Finding, type SourcePosition } from './findings.js';

/** A taxonomy source file as read from disk or given by a caller (tests, editors, git). */
export interface SourceFile {
  /** Path used in findings, usually relative to the working directory. */
  path: string;
  /** File contents; bytes are checked for binary content and UTF-8 validity before parsing. */
  contents: string | Uint8Array;
  /**
   * Why the loader did not read the file (then `contents` is empty): parsing reports it as a
   * finding at the path instead of reading a pipe, a device or an oversized file.
   */
  unread?: UnreadReason;
}

/** Why a taxonomy file was not read. */
export type UnreadReason =
  /** A named pipe, a device, a directory or a socket: `type` says which. */
  | { kind: 'not-regular'; type: string }
  /** Over {@link MAX_FILE_BYTES}; `bytes` is its size (or at least that many bytes). */
  | { kind: 'too-large'; bytes: number }
  /** Opening or reading failed (a dangling or looping symlink, no permission). */
  | { kind: 'io-error'; message: string };

/** A YAML file that parsed, with what is needed to point at any node in it. */
export interface ParsedFile {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain JS value of the document. */
  value: unknown;
}

/** Files larger than this are refused before parsing: a taxonomy is text a person reviews. */
export const MAX_FILE_BYTES = 1024 * 1024;

const start = (file: string): SourcePosition => ({ file, line: 1, column: 1 });

/** Yaml's own guard against alias bombs (`a: &a [*b, *b, ...]`): expanded aliases per document. */
export const MAX_ALIAS_COUNT = 100;

function tooLarge(file: string, size: number): Finding {
  return makeFinding({
    rule: 'file/too-large',
    severity: 'error',
    at: start(file),
    problem: `File is ${(size / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for a taxonomy file.`,
    expected: 'a hand-written YAML file; split large taxonomies into several files under taxonomy/',
    example: 'taxonomy/events/ai.yaml, taxonomy/events/billing.yaml',
  });
}

function unreadFinding(file: string, reason: UnreadReason): Finding {
  if (reason.kind === 'too-large') return tooLarge(file, reason.bytes);
  if (reason.kind === 'not-regular') {
    return makeFinding({
      rule: 'file/not-regular',
      severity: 'error',
      at: start(file),
      problem: `Not read: this path is ${reason.type}, not a regular file.`,
      expected: 'a regular YAML file (a symlink to one is fine)',
      example: 'taxonomy/events.yaml',
    });
  }
  return makeFinding({
    rule: 'file/unreadable',
    severity: 'error',
    at: start(file),
    problem: `Cannot read the file: ${reason.message}.`,
    expected: 'a readable YAML file (check the path, symlinks and permissions)',
  });
}

function decode(file: string, contents: string | Uint8Array): string | Finding {
  const size = typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength;
  if (size > MAX_FILE_BYTES) return tooLarge(file, size);
  let text: string;
  if (typeof contents === 'string') text = contents;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(contents);
    } catch {
      return binaryFinding(file);
    }
  }
  // NUL and other C0 controls (except tab, LF, CR) do not occur in a YAML text file.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return binaryFinding(file);
  return text.replace(/^\uFEFF/, '');
}

function binaryFinding(file: string): Finding {
  return makeFinding({
    rule: 'file/binary',
    severity: 'error',
    at: start(file),
    problem: 'File is not UTF-8 text (it holds binary or control bytes).',
    expected: 'a UTF-8 YAML file',
    example: 'events:\n    signup_started: ...',
  });
}

/** Parses one file. Returns the parsed file or the findings that stopped it (never throws). */
export function parseSource(source: SourceFile): { parsed?: ParsedFile; findings: Finding[] } {
  const file = source.path;
  if (source.unread) return { findings: [unreadFinding(file, source.unread)] };
  const text = decode(file, source.contents);
  if (typeof text !== 'string') return { findings: [text] };

  const lineCounter = new LineCounter();
  let list: Document.Parsed[];
  try {
    const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
    list = Array.isArray(docs) ? docs : [];
  } catch (error) {
    // The parser recurses on nesting: thousands of [[[[ levels can overflow the stack.
    return { findings: [unparseable(file, error)] };
  }
  const findings: Finding[] = [];
  const lines = text.split('\n');
  for (const doc of list) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0];
      // The parser points at column 1 of a mis-indented line; the offending key starts later.
      if (pos && pos.col === 1) pos.col += /^\s*/.exec(lines[pos.line - 1] ?? '')![0].length;
      const duplicate = error.code === 'DUPLICATE_KEY';
      findings.push(
        makeFinding({
          rule: duplicate ? 'syntax/duplicate-key' : 'syntax/yaml',
          severity: 'error',
          at: { file, line: pos?.line ?? 1, column: pos?.col ?? 1 },
          problem: duplicate
            ? 'Duplicate key: YAML would silently keep only the last one.'
            : `Invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '')}.`,
          expected: duplicate
            ? 'each key once per mapping'
            : 'consistent indentation (2 spaces per level) and closed brackets and quotes around here',
          ...(duplicate ? { example: 'rename or merge the second definition' } : {}),
        }),
      );
    }
  }
  if (findings.length > 0) {
    // The yaml parser can report one problem several times at the same place.
    const unique = new Map(findings.map((f) => [`${f.line}:${f.column}:${f.message}`, f]));
    return { findings: [...unique.values()] };
  }
  if (list.length > 1) {
    const second = list[1]!;
    const pos = lineCounter.linePos(second.range[0]);
    return {
      findings: [
        makeFinding({
          rule: 'syntax/multiple-documents',
          severity: 'error',
          at: { file, line: pos.line, column: pos.col },
          problem: 'File holds several YAML documents (separated by ---).',
          expected: 'one document per file; put further definitions in their own file',
        }),
      ],
    };
  }
  const doc = list[0];
  if (!doc || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return {
      findings: [
        makeFinding({
          rule: 'file/empty',
          severity: 'error',
          at: start(file),
          problem: 'File is empty.',
          expected: 'at least one section (taxonomy, params, events, funnels or prices), or delete the file',
          example: 'events:\n    signup_started:\n      description: ...',
        }),
      ],
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return { findings: [aliasBomb(file, doc, lineCounter)] };
    return { findings: [unparseable(file, error)] };
  }
  return { parsed: { file, doc, lineCounter, value }, findings };
}

function aliasBomb(file: string, doc: Document.Parsed, lineCounter: LineCounter): Finding {
  let at = start(file);
  visit(doc, {
    Alias: (_, node) => {
      const pos = lineCounter.linePos(node.range?.[0] ?? 0);
      at = { file, line: pos.line, column: pos.col };
      return visit.BREAK;
    },
  });
  return makeFinding({
    rule: 'syntax/alias-limit',
    severity: 'error',
    at,
    problem: `YAML aliases expand to too many nodes (over ${MAX_ALIAS_COUNT}): the file was not expanded.`,
    expected: 'definitions written out; a taxonomy needs no anchors or aliases',
    example: 'events:\n    signup_started:\n      required: [plan_type]',
  });
}

function unparseable(file: string, error: unknown): Finding {
  const deep = error instanceof RangeError;
  return makeFinding({
    rule: 'syntax/yaml',
    severity: 'error',
    at: start(file),
    problem: deep
      ? 'Invalid YAML: nested too deeply to parse.'
      : `Invalid YAML: the parser failed (${(error as Error)?.message ?? String(error)}).`,
    expected: 'a taxonomy file a few levels deep (sections, definitions, fields)',
  });
}

/**
 * Position of the node at `path` in a parsed file: of the key when `part` is `key` (the default,
 * which is where an editor should jump for a wrong definition), else of the value. Falls back to
 * the deepest node found, so a finding always has a useful place.
 */
export function locate(
  parsed: ParsedFile,
  path: readonly (string | number)[],
  part: 'key' | 'value' = 'key',
): SourcePosition {
  let node: unknown = parsed.doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (last && part === 'key') {
        offset = keyNode.range?.[0] ?? offset;
        break;
      }
      node = pair.value;
      offset = (pair.value as Node | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else break;
  }
  const pos = parsed.lineCounter.linePos(offset);
  return { file: parsed.file, line: pos.line, column: pos.col };
}
