import { format, resolveConfig } from 'prettier';
import type { GeneratedFile } from '@taxon/taxonomy';

/**
 * Formats generated files with prettier and the project's prettier config, so generated code
 * reads like the rest of the project and `gen --check` compares formatted text.
 */
export async function formatFiles(files: readonly GeneratedFile[], root: string): Promise<GeneratedFile[]> {
  return Promise.all(
    files.map(async (file) => {
      const filepath = `${root}/${file.path}`;
      const options = (await resolveConfig(filepath)) ?? {};
      const contents = await format(file.contents, {
        ...options,
        filepath,
        parser: file.kind === 'md' ? 'markdown' : 'typescript',
      });
      return { ...file, contents };
    }),
  );
}
