import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import { makeFinding, type Finding, type SourcePosition } from './findings.js';

/** A taxonomy source file as read from disk or given by a caller (tests, editors, git). */
export interface SourceFile {
  /** Path used in findings, usually relative to the working directory. */
  path: string;
  /** File contents; bytes are checked for binary content and UTF-8 validity before parsing. */
  contents: string | Uint8Array;
}

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

function decode(file: string, contents: string | Uint8Array): string | Finding {
  const size = typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength;
  if (size > MAX_FILE_BYTES) {
    return makeFinding({
      rule: 'file/too-large',
      severity: 'error',
      at: start(file),
      problem: `File is ${(size / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for a taxonomy file.`,
      expected: 'a hand-written YAML file; split large taxonomies into several files under taxonomy/',
      example: 'taxonomy/events/ai.yaml, taxonomy/events/billing.yaml',
    });
  }
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
  const text = decode(file, source.contents);
  if (typeof text !== 'string') return { findings: [text] };

  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const findings: Finding[] = [];
  const list = Array.isArray(docs) ? docs : [];
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
  return { parsed: { file, doc, lineCounter, value: doc.toJS({ maxAliasCount: 100 }) }, findings };
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
