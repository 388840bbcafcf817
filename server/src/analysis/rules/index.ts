/**
 * The explicit rule registry, and running rules with settings and suppression comments.
 */
import type { AnalysisResult, Finding, Severity } from '../model';
import { architectureAbsence } from './architecture-absence';
import { architectureDivergence } from './architecture-divergence';
import { domainCoupling } from './domain-coupling';
import { eventCallback } from './event-callback';
import { eventContract } from './event-contract';
import { hardCodedEndpoint } from './hard-coded-endpoint';
import { missingTimeout } from './missing-timeout';
import { orphanEvent } from './orphan-event';
import { remoteCallInLoop } from './remote-call-in-loop';
import type { RegisteredRule, RuleContext, RuleOptions } from './rule';
import type { RuleSettings } from './settings';
import { sharedData } from './shared-data';
import { syncChainTooLong } from './sync-chain-too-long';
import { syncCycle } from './sync-cycle';
import { temporalCoupling } from './temporal-coupling';
import { uncheckedResponse } from './unchecked-response';
import { unhandledRemoteError } from './unhandled-remote-error';
import { unknownChannel } from './unknown-channel';
import { unresolvedEndpoint } from './unresolved-endpoint';
import { unvalidatedMessage } from './unvalidated-message';

export type { RuleContext } from './rule';
export type { RuleSettings } from './settings';

/** Every rule, in report order. */
export const RULES: readonly RegisteredRule[] = [
  // coupling
  syncChainTooLong,
  syncCycle,
  temporalCoupling,
  eventCallback,
  sharedData,
  domainCoupling,
  // the ways remote calls fail
  missingTimeout,
  unhandledRemoteError,
  uncheckedResponse,
  unvalidatedMessage,
  // wiring
  remoteCallInLoop,
  hardCodedEndpoint,
  unresolvedEndpoint,
  orphanEvent,
  unknownChannel,
  eventContract,
  // the architecture file
  architectureDivergence,
  architectureAbsence,
] as unknown as RegisteredRule[];

const SUPPRESS_LINE = /switchboard-disable-next-line\s+([\w\-, ]+)/;
const SUPPRESS_FILE = /switchboard-disable-file\s+([\w\-, ]+)/g;

function idsOf(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** True when a suppression comment silences `rule` at `line` of `text`. */
export function isSuppressed(text: string | undefined, line: number, rule: string, cache = SUPPRESSIONS): boolean {
  if (!text) return false;
  const s = suppressionsOf(text, cache);
  if (!s) return false;
  if (s.file.has(rule)) return true;
  const prev = s.lines[line - 2];
  const m = prev ? SUPPRESS_LINE.exec(prev) : null;
  return !!m && idsOf(m[1]!).includes(rule);
}

/**
 * A text's file-wide suppressions and lines, worked out once per text: scanning and splitting the
 * whole file again for each finding made a file with thousands of findings cost its size squared.
 */
const SUPPRESSIONS = new Map<string, Suppressions | null>();

type Suppressions = { file: Set<string>; lines: string[] };

/** A text's suppressions; null for a text without any suppression comment (most files: not split at all). */
function suppressionsOf(text: string, cache: Map<string, Suppressions | null>): Suppressions | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const s = text.includes('switchboard-disable')
    ? { file: new Set([...text.matchAll(SUPPRESS_FILE)].flatMap((m) => idsOf(m[1]!))), lines: text.split('\n') }
    : null;
  // outside a run of the rules, a few texts at a time
  if (cache === SUPPRESSIONS && SUPPRESSIONS.size >= 16) SUPPRESSIONS.clear();
  cache.set(text, s);
  return s;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

function lessSevere(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Runs every enabled rule; a rule that fails leaves a message and the others still run. */
export function runRules(model: AnalysisResult, ctx: RuleContext, settings: RuleSettings): Finding[] {
  const out: Finding[] = [];
  // every text with findings, for this run: the rules go through the files once each, and a cache of
  // a few texts split most files again for every rule
  const suppressions = new Map<string, Suppressions | null>();
  for (const rule of RULES) {
    const s = settings[rule.id];
    const severity = s?.severity ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const options = { ...rule.defaultOptions, ...(s?.options ?? {}) } as RuleOptions;
    try {
      const seen = new Set<string>();
      for (const f of rule.check(model, ctx, options)) {
        if (isSuppressed(ctx.sources(f.file), f.line, rule.id, suppressions)) continue;
        // a call in a shared wrapper is one interaction per business call site: one finding per place and message
        const key = `${f.file}:${f.line}:${f.column ?? 0}:${f.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // a finding that names its own, lower severity keeps it (temporal-coupling's per-call hints); the rest take the setting
        out.push({ rule: rule.id, ...f, severity: f.severity ? lessSevere(f.severity, severity) : severity });
      }
    } catch (error) {
      model.messages.push({ message: `rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  return out;
}
