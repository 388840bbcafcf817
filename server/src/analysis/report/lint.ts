/**
 * Findings printed like a linter (`switchboard check`): one `file:line:col: severity: message [rule]`
 * line each, then a summary; and which findings fail the run at a chosen severity.
 */
import type { AnalysisResult, Finding, Severity } from '../model';

/** Severities, most severe first. */
export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

function rank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}

/** Findings at or above the threshold. */
export function failingFindings(model: AnalysisResult, threshold: Severity): Finding[] {
  return model.findings.filter((f) => rank(f.severity) <= rank(threshold));
}

/**
 * The linter report. Hints are printed only when the threshold is `hint`: they annotate every call
 * (temporal coupling) and would bury the problems.
 */
export function toLint(model: AnalysisResult, threshold: Severity): string {
  const shownUpTo = Math.max(rank(threshold), rank('info'));
  const shown = model.findings.filter((f) => rank(f.severity) <= shownUpTo);
  const lines = shown.map((f) => `${f.file}:${f.line}:${f.column ?? 1}: ${f.severity}: ${f.message} [${f.rule}]`);
  const count = (s: Severity): number => model.findings.filter((f) => f.severity === s).length;
  const parts = SEVERITY_ORDER.map((s) => `${count(s)} ${s}${count(s) === 1 ? '' : s === 'info' ? '' : 's'}`);
  const failing = failingFindings(model, threshold).length;
  if (lines.length) lines.push('');
  lines.push(`${model.findings.length} finding${model.findings.length === 1 ? '' : 's'} (${parts.join(', ')}); ${failing} at or above ${threshold}${shown.length < model.findings.length ? ` (${model.findings.length - shown.length} hints not shown; --severity hint shows them)` : ''}`);
  return lines.join('\n') + '\n';
}
