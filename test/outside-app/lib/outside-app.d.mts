// Types of outside-app.mjs for the TypeScript tests.
export interface Tarball {
  name: string;
  version: string;
  file: string;
}
export interface RunningProcess {
  stop(): Promise<void>;
  output(): string;
}
export const ROOT: string;
export const FIXTURE: string;
export const ZOD_MARKERS: RegExp[];
export function run(command: string, args: string[], options?: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv }): string;
export function tarballsHash(tarballs: Tarball[]): string;
export const NEXT_15: string;
export const NEXT_16: string;
export function appDir(options: { tarballs: Tarball[]; next: string; extra?: string[] }): string;
export function startInstalls(options: { tarballs: Tarball[]; apps: { next: string; extra?: string[] }[]; log?: (line: string) => void }): () => Promise<void>;
export function installApp(options: { tarballs: Tarball[]; next: string; extra?: string[]; log?: (line: string) => void }): string;
export function resetSources(dir: string): void;
export function taxon(dir: string, args: string[]): { code: number; stdout: string; stderr: string };
export function printedDiff(initStdout: string): string;
export function applyUserEdits(dir: string, initStdout: string): void;
export function nextBuild(dir: string, options?: { env?: Record<string, string>; flags?: string[] }): string;
export function freePort(): Promise<number>;
export function startProcess(dir: string, command: string, args: string[],
  options: { ready: RegExp; env?: Record<string, string>; timeoutMs?: number }): Promise<RunningProcess>;
export function clientChunks(dir: string): string[];
