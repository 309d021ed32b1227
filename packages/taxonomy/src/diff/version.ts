import type { Taxonomy } from '../model.js';
import { code, type Draft } from './context.js';
import type { DiffPosition } from './types.js';

interface Semver {
  major: number;
  minor: number;
  patch: number;
}

/** `MAJOR.MINOR.PATCH` (a pre-release suffix is ignored), or undefined when not semver. */
export function parseSemver(version: string): Semver | undefined {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * Whether going from `base` to `head` is a major release. While the major is 0, semver lets any
 * release break, and the convention (npm, Cargo) is that a minor bump plays the role of a major.
 */
export function isMajorBump(base: Semver, head: Semver): boolean {
  if (base.major === 0 && head.major === 0) return head.minor > base.minor;
  return head.major > base.major;
}

function isMinorBump(base: Semver, head: Semver): boolean {
  return head.major > base.major || (head.major === base.major && head.minor > base.minor);
}

function versionAt(taxonomy: Taxonomy): DiffPosition {
  const at = taxonomy.manifest?.versionAt ?? { file: taxonomy.files[0] ?? 'taxonomy.yaml', line: 1, column: 1 };
  return { side: 'head', ...at };
}

/**
 * The release rules: breaking changes need a major bump, additions at least a minor one. Takes
 * the counts of breaking and additive changes that survived the config, so a silenced rule does
 * not demand a bump.
 */
export function versionDrafts(base: Taxonomy, head: Taxonomy, counts: { breaking: number; additive: number }): Draft[] {
  const from = parseSemver(base.version);
  const to = parseSemver(head.version);
  if (!from || !to) return [];
  const change = `the version goes from ${base.version} to ${head.version}`;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (counts.breaking > 0 && !isMajorBump(from, to)) {
    const next = from.major === 0 ? `0.${from.minor + 1}.0` : `${from.major + 1}.0.0`;
    return [{
      rule: 'breaking-without-major-bump',
      subject: 'version',
      title:
        `This change has ${plural(counts.breaking, 'breaking change')}, but ${change}. Set ${code(`version: ${next}`)} ` +
        'in the manifest, so every consumer of the taxonomy sees that it breaks them, or make the change compatible.',
      at: versionAt(head),
      events: [],
      funnels: [],
    }];
  }
  if (counts.breaking === 0 && counts.additive > 0 && !isMinorBump(from, to)) {
    return [{
      rule: 'additive-without-minor-bump',
      subject: 'version',
      title:
        `This change has ${plural(counts.additive, 'addition')}, but ${change}. ` +
        `Set ${code(`version: ${from.major}.${from.minor + 1}.0`)} in the manifest.`,
      at: versionAt(head),
      events: [],
      funnels: [],
    }];
  }
  return [];
}
