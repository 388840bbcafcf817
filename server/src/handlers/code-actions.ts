/**
 * Quick fixes for Switchboard diagnostics: add a timeout (when a safe edit exists), silence the
 * rule on this line, open the rule's documentation. Edits are normal, undoable workspace edits.
 */
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { ClientCommands } from '../../../protocol/src/editor';
import { extractor } from '../analysis/parallel/extractor';
import { RULES } from '../analysis/rules';
import type { ModelIndex } from './model-index';

/** Code actions for the Switchboard diagnostics in a range of a document. */
export function codeActions(index: ModelIndex, file: string, uri: string, text: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const lines = text.split('\n');
  for (const d of diagnostics) {
    if (d.source !== 'switchboard' || typeof d.code !== 'string') continue;
    const rule = d.code;
    if (rule === 'missing-timeout') {
      const i = index.interactionsAt(file, d.range.start)[0];
      const edit = i ? extractor().addTimeoutEdit(text, file, i.line, i.column, i.library) : undefined;
      if (edit) {
        const lsp: LspTextEdit = { range: index.range(edit.line, edit.column, edit.endLine, edit.endColumn), newText: edit.newText };
        out.push({ title: 'Add a timeout to this call', kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [uri]: [lsp] } } });
      }
    }
    const line = d.range.start.line;
    const indent = /^\s*/.exec(lines[line] ?? '')![0];
    out.push({
      title: `Silence ${rule} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// switchboard-disable-next-line ${rule}\n` }] } },
    });
    const docs = RULES.find((r) => r.id === rule)?.docsUrl;
    if (docs) out.push({ title: `Open documentation of ${rule}`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: 'Open documentation', command: ClientCommands.openUrl, arguments: [docs] } });
  }
  return out;
}
