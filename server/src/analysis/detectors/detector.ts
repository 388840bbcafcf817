/**
 * A detector recognises one library or framework in one file's syntax and reports facts
 * (calls, endpoints, clients, mounts, starts) through the file context.
 */
import type { ts } from 'ts-morph';
import type { FileContext } from '../syntax/context';

/** One library or framework's recogniser. */
export interface Detector {
  /** Stable id, e.g. `http-clients`, `express`, `nestjs`. */
  readonly id: string;
  /**
   * Cheap pre-filter on the file's text (and its import specifiers): only files for which it
   * returns true are walked for this detector.
   */
  applies(text: string): boolean;
  /** Called once per file before the walk (file-path conventions such as Next.js routes). */
  onFile?(sf: ts.SourceFile, ctx: FileContext): void;
  onCall?(call: ts.CallExpression, ctx: FileContext): void;
  onNew?(expr: ts.NewExpression, ctx: FileContext): void;
  onClass?(cls: ts.ClassDeclaration, ctx: FileContext): void;
}

/** A regular expression pre-filter from a list of words that must appear. */
export function anyWord(...words: string[]): (text: string) => boolean {
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  return (text) => re.test(text);
}
