/**
 * The CLI's JSON document (schema version 1), paths relative to the analysed root.
 */
import type { AnalysisResult } from '../model';

/** The public JSON form of a result: the contract in PRODUCT.md plus extra fields. */
export function toJson(model: AnalysisResult): string {
  const { root: _root, ...rest } = model;
  return JSON.stringify(rest, null, 2);
}
