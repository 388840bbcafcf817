/**
 * The explicit rule registry, and running rules with settings and suppression comments.
 */
import type { AnalysisResult, Finding, Severity } from '../model';
import { missingTimeout } from './missing-timeout';
import type { RegisteredRule, RuleContext, RuleOptions } from './rule';
import { syncChainTooLong } from './sync-chain-too-long';
import { syncCycle } from './sync-cycle';

export type { RuleContext } from './rule';

/** Every rule, in report order. */
export const RULES: readonly RegisteredRule[] = [syncChainTooLong, syncCycle, missingTimeout] as unknown as RegisteredRule[];

/** Per-rule settings: a severity (or `off`) and option overrides. */
export type RuleSettings = Record<string, { severity?: Severity | 'off'; options?: Partial<RuleOptions> }>;

const SUPPRESS_LINE = /switchboard-disable-next-line\s+([\w\-, ]+)/;
const SUPPRESS_FILE = /switchboard-disable-file\s+([\w\-, ]+)/;

function idsOf(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** True when a suppression comment silences `rule` at `line` of `text`. */
export function isSuppressed(text: string | undefined, line: number, rule: string): boolean {
  if (!text) return false;
  const fileMatch = SUPPRESS_FILE.exec(text);
  if (fileMatch && idsOf(fileMatch[1]!).includes(rule)) return true;
  const lines = text.split('\n');
  const prev = lines[line - 2];
  const m = prev ? SUPPRESS_LINE.exec(prev) : null;
  return !!m && idsOf(m[1]!).includes(rule);
}

/** Runs every enabled rule. */
export function runRules(model: AnalysisResult, ctx: RuleContext, settings: RuleSettings): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const s = settings[rule.id];
    const severity = s?.severity ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const options = { ...rule.defaultOptions, ...(s?.options ?? {}) } as RuleOptions;
    for (const f of rule.check(model, ctx, options)) {
      if (isSuppressed(ctx.sources(f.file), f.line, rule.id)) continue;
      out.push({ rule: rule.id, ...f, severity: f.severity ?? severity });
    }
  }
  out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  return out;
}
