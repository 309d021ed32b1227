import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Compiles a glob (`**`, `*`, `?`, `{a,b}`) matched against a posix path relative to the project
 * root. A pattern without a slash matches the file name at any depth, as in .gitignore.
 */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.includes('/') ? glob.replace(/^\.\//, '') : `**/${glob}`;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${pattern.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

/** A predicate over root-relative posix paths: true when any glob matches. */
export function matcher(globs: readonly string[]): (path: string) => boolean {
  const res = globs.map(globToRegExp);
  return (path) => res.some((re) => re.test(path));
}

/** Root-relative posix paths of the files under `root` accepted by `include` and not by `exclude`. */
export function findFiles(root: string, include: readonly string[], exclude: readonly string[]): string[] {
  const included = matcher(include);
  const excluded = matcher(exclude);
  const found: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!excluded(`${path}/`) && !excluded(path)) walk(join(dir, entry.name), path);
      } else if (entry.isFile() && included(path) && !excluded(path)) found.push(path);
    }
  };
  walk(root, '');
  return found.sort();
}
