/**
 * `diff --base <ref>`: analyses the folder as it is and as it was at the ref (a temporary copy
 * read from git, deleted afterwards) and compares the two.
 */
import { analyze, type AnalysisOptions } from '../analyze';
import { diffModels, type ModelDiff } from './compare';
import { extractBaseTree } from './git-tree';
import type { DiffBase } from './render';

/** The diff of `dir` against `ref`, with the commit the ref names. */
export function diffAgainstRef(dir: string, ref: string, options: AnalysisOptions = {}): { diff: ModelDiff; base: DiffBase } {
  const tree = extractBaseTree(dir, ref, { maxFileBytes: options.maxFileBytes });
  try {
    // the copy lives for one run: a persistent cache of it would only fill the cache folder
    const before = analyze(tree.root, { ...options, cache: false });
    const after = analyze(dir, options);
    return { diff: diffModels(before, after), base: { ref, commit: tree.commit } };
  } finally {
    tree.dispose();
  }
}
