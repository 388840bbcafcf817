/**
 * Formatting of architecture files as one edit of the whole document (none when it is already
 * formatted, or has syntax errors).
 */
import type { TextEdit } from 'vscode-languageserver';
import { formatArchitecture } from '../architecture/format';

/** The edits that format `text`. */
export function architectureFormatting(text: string): TextEdit[] {
  const formatted = formatArchitecture(text);
  if (formatted === undefined || formatted === text) return [];
  const lines = text.split(/\r\n|\r|\n/);
  return [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } }, newText: formatted }];
}
