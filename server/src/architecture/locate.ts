/**
 * Finding the architecture file of a workspace: a `*.switchboard` file at its root —
 * `architecture.switchboard` when there are several, otherwise the first by name.
 */
import * as fs from 'node:fs';
import type { ArchitectureInput } from './check';
import { type KnownRule, loadPolicy } from './policy';

/** The extension of architecture files. */
export const ARCHITECTURE_EXTENSION = '.switchboard';

/** The name `Generate Architecture File` proposes, and the one preferred when a root has several. */
export const ARCHITECTURE_FILE_NAME = 'architecture.switchboard';

/** True for a path whose name ends with `.switchboard`. */
export function isArchitectureFile(p: string): boolean {
  return p.toLowerCase().endsWith(ARCHITECTURE_EXTENSION) && p.length > ARCHITECTURE_EXTENSION.length;
}

/** The file that holds the policy among the `*.switchboard` names at a root. */
export function pickArchitectureFile(names: Iterable<string>): string | undefined {
  const list = [...new Set(names)].filter((n) => !n.includes('/') && isArchitectureFile(n)).sort();
  return list.includes(ARCHITECTURE_FILE_NAME) ? ARCHITECTURE_FILE_NAME : list[0];
}

/** The `*.switchboard` names at the root of `absRoot` on disk, plus `extra` (unsaved editor buffers). */
export function architectureFilesAt(absRoot: string, extra: Iterable<string> = []): string[] {
  let names: string[] = [];
  try {
    names = fs
      .readdirSync(absRoot, { withFileTypes: true })
      .filter((e) => e.isFile() && isArchitectureFile(e.name))
      .map((e) => e.name);
  } catch {
    // an unreadable root has no architecture file
  }
  return [...new Set([...names, ...[...extra].filter((n) => !n.includes('/') && isArchitectureFile(n))])].sort();
}

/** Parses and resolves an architecture file's text; `file` is its path relative to the analysed root. */
export function loadArchitecture(file: string, text: string, rules?: readonly KnownRule[]): ArchitectureInput {
  return { file, policy: loadPolicy(text, rules) };
}

/**
 * The architecture of a workspace root, read through `read` (so an open editor buffer wins over
 * the file on disk); undefined when the root has no `*.switchboard` file.
 */
export function findArchitecture(
  absRoot: string,
  read: (rel: string) => string | undefined,
  rules?: readonly KnownRule[],
  buffers: Iterable<string> = [],
): ArchitectureInput | undefined {
  const file = pickArchitectureFile(architectureFilesAt(absRoot, buffers));
  if (!file) return undefined;
  const text = read(file);
  return text === undefined ? undefined : loadArchitecture(file, text, rules);
}
