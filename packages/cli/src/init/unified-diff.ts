/** One line of a line diff: kept (' '), removed ('-') or added ('+'). */
interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** A longest-common-subsequence line diff; fine for the few hundred lines of a root layout. */
function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: length of the LCS of before[i..] and after[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ op: ' ', text: before[i++]! });
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Removals before additions, as diff(1) and git print them.
      out.push({ op: '-', text: before[i++]! });
    } else {
      out.push({ op: '+', text: after[j++]! });
    }
  }
  return out;
}

/**
 * A unified diff of `before` -> `after` for `path` (posix, relative to the project root), with
 * `a/` and `b/` prefixes so `git apply` and `patch -p1` take it as printed. Empty when equal.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const split = (text: string) => (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const lines = diffLines(split(before), split(after));
  // Group changes whose context windows overlap into hunks.
  const hunks: { start: number; end: number }[] = [];
  lines.forEach((line, index) => {
    if (line.op === ' ') return;
    const start = Math.max(0, index - context);
    const end = Math.min(lines.length, index + context + 1);
    const last = hunks.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else hunks.push({ start, end });
  });
  let out = `--- a/${path}\n+++ b/${path}\n`;
  for (const hunk of hunks) {
    // 1-based first line numbers of the hunk in the old and new file.
    let oldLine = 1;
    let newLine = 1;
    for (const line of lines.slice(0, hunk.start)) {
      if (line.op !== '+') oldLine++;
      if (line.op !== '-') newLine++;
    }
    const body = lines.slice(hunk.start, hunk.end);
    const oldCount = body.filter((l) => l.op !== '+').length;
    const newCount = body.filter((l) => l.op !== '-').length;
    out += `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@\n`;
    out += body.map((l) => `${l.op}${l.text}\n`).join('');
  }
  return out;
}
