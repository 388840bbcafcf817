/**
 * Indexes over one syntax tree (declarations per scope, identifiers per function), emptied when the
 * file's extraction ends. They were WeakMaps keyed by tree nodes: V8 treats every WeakMap entry as
 * an ephemeron, which each young-generation collection has to trace again, and that made the
 * collector the largest single cost of a cold run (scavenges took 4.6 s of a 1M-line run).
 */
const caches: Map<unknown, unknown>[] = [];

/** A map that lives for the current file's extraction only. */
export function perFileCache<K, V>(): Map<K, V> {
  const cache = new Map<K, V>();
  caches.push(cache as Map<unknown, unknown>);
  return cache;
}

/** Forgets every per-file index (called when a file's extraction ends, whatever way it ends). */
export function endOfFile(): void {
  for (const c of caches) c.clear();
}
