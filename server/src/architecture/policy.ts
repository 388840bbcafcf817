/**
 * The meaning of an architecture file: its statements resolved into a policy (declared services,
 * data ownership, allow/deny rules, limits and rule settings), with the problems that the text
 * alone shows — unknown styles, limits, rules and severities, duplicates, and allow/deny
 * statements that overlap or contradict each other.
 */
import { type RuleLevel, type RuleSettings } from '../analysis/rules/settings';
import { STYLES, type Style } from '../analysis/model';
import type { AccessStatement, ArchitectureAst, DataStatement, LimitStatement, Range, RuleStatement, ServiceStatement, Statement } from './ast';
import { parseArchitecture } from './parser';

/** Severity of a problem in the architecture file. */
export type ProblemSeverity = 'error' | 'warning' | 'info' | 'hint';

/** What kind of problem; the diagnostic code in the editor. */
export type ProblemCode =
  | 'syntax'
  | 'unknown-style'
  | 'unknown-limit'
  | 'unknown-rule'
  | 'unknown-severity'
  | 'unknown-service'
  | 'missing-path'
  | 'duplicate'
  | 'redundant'
  | 'contradiction'
  | 'ineffective';

/** A problem of the architecture file itself (not of the code it describes). */
export interface ArchitectureProblem {
  code: ProblemCode;
  severity: ProblemSeverity;
  message: string;
  range: Range;
  /** Other places in the file the problem concerns (the statement it overlaps, the first duplicate). */
  related?: { message: string; range: Range }[];
}

/** A `service` declaration. */
export interface DeclaredService {
  name: string;
  /** Folder relative to the analysed root, with forward slashes ("" for the root). */
  root: string;
  hosts: string[];
  statement: ServiceStatement;
}

/** A `data … owned by …` declaration. */
export interface DataOwnership {
  name: string;
  owner: string;
  statement: DataStatement;
}

/** An `allow` or `deny`: `from`/`to` are service names or `*`; no styles means every style. */
export interface AccessRule {
  effect: 'allow' | 'deny';
  from: string;
  to: string;
  styles: Style[];
  statement: AccessStatement;
}

/** The limits the language knows, and the rule option each one sets. */
export const LIMITS: Readonly<Record<string, { rule: string; option: string; description: string }>> = {
  'sync-chain': {
    rule: 'sync-chain-too-long',
    option: 'maxServices',
    description: 'The most services a synchronous request-response chain may cross, the caller included (sets `sync-chain-too-long` `maxServices`).',
  },
  'fan-out': {
    rule: 'domain-coupling',
    option: 'maxDependencies',
    description:
      'The most other services one service may depend on — call, consume events from, or share data with (sets `domain-coupling` `maxDependencies`).',
  },
};

/** The levels a `rule` statement accepts. */
export const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'hint', 'off'];

/** A resolved architecture file. */
export interface Policy {
  ast: ArchitectureAst;
  services: DeclaredService[];
  data: DataOwnership[];
  access: AccessRule[];
  limits: { name: string; value: number; statement: LimitStatement }[];
  rules: { id: string; level: RuleLevel; statement: RuleStatement }[];
  /** Syntax errors and the problems the text alone shows. */
  problems: ArchitectureProblem[];
}

/** The rules a `rule` or `limit` statement may name (the registry, passed in to keep this module free of it). */
export interface KnownRule {
  id: string;
  defaultOptions: Readonly<Record<string, unknown>>;
}

/** Normalises a declared folder: forward slashes, no leading `./`, no trailing `/`, `.` for the root → "". */
export function normaliseRoot(p: string): string {
  let r = p.trim().replace(/\\/g, '/');
  while (r.startsWith('./')) r = r.slice(2);
  r = r.replace(/\/+$/, '');
  return r === '.' ? '' : r;
}

function isStyle(s: string): s is Style {
  return (STYLES as readonly string[]).includes(s);
}

/** The closest of `options` to `word`, for "did you mean" hints: a few edits at most, fewer for short words. */
export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.min(3, Math.max(1, Math.floor(word.length / 3))) + 1;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return dp[b.length]!;
}

function hint(word: string, options: readonly string[]): string {
  const c = closest(word, options);
  return c ? ` (did you mean ${c}?)` : '';
}

/** Covers `a` ⊇ `b` on one side of an access rule. */
function sideCovers(a: string, b: string): boolean {
  return a === '*' || a === b;
}

function stylesOf(rule: AccessRule): readonly Style[] {
  return rule.styles.length ? rule.styles : STYLES;
}

/** Describes an access rule the way it is written. */
export function describeAccess(r: Pick<AccessRule, 'effect' | 'from' | 'to' | 'styles'>): string {
  return `${r.effect} ${r.from} -> ${r.to}${r.styles.length ? ` ${r.styles.join(', ')}` : ''}`;
}

/**
 * Resolves a parsed file into a policy. `rules` is the rule registry (ids and options) that
 * `rule` and `limit` statements are checked against; without it they are not checked.
 */
export function resolvePolicy(ast: ArchitectureAst, rules?: readonly KnownRule[]): Policy {
  const problems: ArchitectureProblem[] = ast.errors.map((e) => ({ code: 'syntax', severity: 'error', message: e.message, range: e.range }));
  const policy: Policy = { ast, services: [], data: [], access: [], limits: [], rules: [], problems };
  const firstByName = new Map<string, ServiceStatement>();
  const firstByRoot = new Map<string, ServiceStatement>();
  const hostOwner = new Map<string, string>();
  const dataByName = new Map<string, DataStatement>();
  const limitByName = new Map<string, LimitStatement>();
  const ruleById = new Map<string, RuleStatement>();
  const duplicate = (range: Range, what: string, first: Statement): void => {
    problems.push({
      code: 'duplicate',
      severity: 'warning',
      message: `${what} is declared twice; this one wins`,
      range,
      related: [{ message: 'first declared here', range: first.range }],
    });
  };

  for (const s of ast.statements) {
    switch (s.kind) {
      case 'service': {
        if (!s.name || !s.path) break;
        const root = normaliseRoot(s.path.value);
        const prev = firstByName.get(s.name.text);
        if (prev) {
          problems.push({
            code: 'duplicate',
            severity: 'error',
            message: `service ${s.name.text} is declared twice`,
            range: s.name.range,
            related: [{ message: 'first declared here', range: prev.range }],
          });
          break;
        }
        const sameRoot = firstByRoot.get(root);
        if (sameRoot) {
          problems.push({
            code: 'duplicate',
            severity: 'error',
            message: `service ${s.name.text} has the same folder as service ${sameRoot.name?.text}: each folder holds one service`,
            range: s.path.range,
            related: [{ message: `${sameRoot.name?.text} is declared here`, range: sameRoot.range }],
          });
          break;
        }
        if (/^\//.test(root) || /^[A-Za-z]:/.test(root) || root.split('/').includes('..')) {
          problems.push({
            code: 'missing-path',
            severity: 'error',
            message: `the folder of ${s.name.text} must be relative to the workspace root and inside it, got "${s.path.value}"`,
            range: s.path.range,
          });
          break;
        }
        firstByName.set(s.name.text, s);
        firstByRoot.set(root, s);
        const hosts: string[] = [];
        for (const h of s.hosts) {
          const owner = hostOwner.get(h.value);
          if (owner && owner !== s.name.text) {
            problems.push({
              code: 'duplicate',
              severity: 'warning',
              message: `host "${h.value}" is already a host of ${owner}: calls to it are attributed to ${owner}`,
              range: h.range,
            });
            continue;
          }
          hostOwner.set(h.value, s.name.text);
          hosts.push(h.value);
        }
        policy.services.push({ name: s.name.text, root, hosts, statement: s });
        break;
      }
      case 'data': {
        if (!s.name || !s.owner) break;
        const prev = dataByName.get(s.name.text);
        if (prev) {
          const same = prev.owner?.text === s.owner.text;
          problems.push({
            code: same ? 'redundant' : 'contradiction',
            severity: same ? 'hint' : 'error',
            message: same
              ? `the ownership of ${s.name.text} is already declared`
              : `${s.name.text} is already owned by ${prev.owner?.text}: data has one owner`,
            range: s.range,
            related: [{ message: 'declared here', range: prev.range }],
          });
          if (!same) policy.data = policy.data.filter((d) => d.name !== s.name!.text);
          break;
        }
        dataByName.set(s.name.text, s);
        policy.data.push({ name: s.name.text, owner: s.owner.text, statement: s });
        break;
      }
      case 'allow':
      case 'deny': {
        if (!s.from || !s.to) break;
        const styles: Style[] = [];
        for (const st of s.styles) {
          if (isStyle(st.text)) {
            if (!styles.includes(st.text)) styles.push(st.text);
          } else {
            problems.push({
              code: 'unknown-style',
              severity: 'error',
              message: `unknown style "${st.text}"${hint(st.text, STYLES)}; the styles are ${STYLES.join(', ')}`,
              range: st.range,
            });
          }
        }
        // every listed style unknown: the statement means nothing rather than "every style"
        if (s.styles.length && !styles.length) break;
        policy.access.push({ effect: s.kind, from: s.from.text, to: s.to.text, styles, statement: s });
        break;
      }
      case 'limit': {
        if (!s.name || !s.value) break;
        const def = LIMITS[s.name.text];
        if (!def) {
          problems.push({
            code: 'unknown-limit',
            severity: 'error',
            message: `unknown limit "${s.name.text}"${hint(s.name.text, Object.keys(LIMITS))}; the limits are ${Object.keys(LIMITS).join(', ')}`,
            range: s.name.range,
          });
          break;
        }
        if (s.value.value < 1) {
          problems.push({ code: 'syntax', severity: 'error', message: `limit ${s.name.text} must be at least 1`, range: s.value.range });
          break;
        }
        if (rules && !rules.some((r) => r.id === def.rule && def.option in r.defaultOptions)) {
          problems.push({
            code: 'ineffective',
            severity: 'warning',
            message: `limit ${s.name.text} has no effect: the rule ${def.rule} (option ${def.option}) is not available in this version`,
            range: s.name.range,
          });
        }
        const prev = limitByName.get(s.name.text);
        if (prev) {
          duplicate(s.range, `limit ${s.name.text}`, prev);
          policy.limits = policy.limits.filter((l) => l.name !== s.name!.text);
        }
        limitByName.set(s.name.text, s);
        policy.limits.push({ name: s.name.text, value: s.value.value, statement: s });
        break;
      }
      case 'rule': {
        if (!s.id || !s.level) break;
        if (rules && !rules.some((r) => r.id === s.id!.text)) {
          problems.push({
            code: 'unknown-rule',
            severity: 'error',
            message: `unknown rule "${s.id.text}"${hint(
              s.id.text,
              rules.map((r) => r.id),
            )}`,
            range: s.id.range,
          });
          break;
        }
        if (!(RULE_LEVELS as readonly string[]).includes(s.level.text)) {
          problems.push({
            code: 'unknown-severity',
            severity: 'error',
            message: `unknown severity "${s.level.text}"${hint(s.level.text, RULE_LEVELS)}; use ${RULE_LEVELS.join(', ')}`,
            range: s.level.range,
          });
          break;
        }
        const prev = ruleById.get(s.id.text);
        if (prev) {
          duplicate(s.range, `rule ${s.id.text}`, prev);
          policy.rules = policy.rules.filter((r) => r.id !== s.id!.text);
        }
        ruleById.set(s.id.text, s);
        policy.rules.push({ id: s.id.text, level: s.level.text as RuleLevel, statement: s });
        break;
      }
    }
  }
  problems.push(...overlaps(policy.access));
  problems.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return policy;
}

/** Allow/deny statements that repeat, or that a deny makes (partly) pointless. */
function overlaps(access: readonly AccessRule[]): ArchitectureProblem[] {
  const out: ArchitectureProblem[] = [];
  const covers = (a: AccessRule, b: AccessRule, styles: readonly Style[]): boolean =>
    sideCovers(a.from, b.from) && sideCovers(a.to, b.to) && styles.every((st) => stylesOf(a).includes(st));
  access.forEach((r, i) => {
    const range = r.statement.range;
    // the same effect already said by an earlier (or broader) statement
    const wider = access.find((o, j) => j !== i && o.effect === r.effect && covers(o, r, stylesOf(r)) && (j < i || !covers(r, o, stylesOf(o))));
    if (wider) {
      out.push({
        code: 'redundant',
        severity: 'hint',
        message: `${describeAccess(r)} is already covered by line ${wider.statement.range.start.line} (${describeAccess(wider)})`,
        range,
        related: [{ message: 'covered by this statement', range: wider.statement.range }],
      });
      return;
    }
    if (r.effect !== 'allow') return;
    // deny always wins: the styles of this allow that a deny covers for the same (or wider) sides
    const denied = new Map<Style, AccessRule>();
    for (const st of stylesOf(r)) {
      const d = access.find((o) => o.effect === 'deny' && covers(o, r, [st]));
      if (d) denied.set(st, d);
    }
    if (!denied.size) return;
    const all = denied.size === stylesOf(r).length;
    // an allow of every style with a deny carving some out is the usual way to say "all but"
    if (!all && !r.styles.length) return;
    const denies = [...new Set(denied.values())];
    const where = denies.map((d) => `line ${d.statement.range.start.line} (${describeAccess(d)})`).join(' and ');
    out.push({
      code: 'contradiction',
      severity: 'warning',
      message: all
        ? `${describeAccess(r)} never takes effect: ${where} denies it, and deny always wins`
        : `${[...denied.keys()].join(', ')} of this allow ${denied.size === 1 ? 'is' : 'are'} denied by ${where}; deny always wins`,
      range,
      related: denies.map((d) => ({ message: 'denied here', range: d.statement.range })),
    });
  });
  return out;
}

/** Parses and resolves the text of an architecture file. */
export function loadPolicy(text: string, rules?: readonly KnownRule[]): Policy {
  return resolvePolicy(parseArchitecture(text), rules);
}

/** The rule settings the file sets: `rule` severities and the options its limits set. */
export function ruleSettingsOf(policy: Policy): RuleSettings {
  const out: RuleSettings = {};
  for (const l of policy.limits) {
    const def = LIMITS[l.name]!;
    ((out[def.rule] ??= {}).options ??= {})[def.option] = l.value;
  }
  for (const r of policy.rules) (out[r.id] ??= {}).severity = r.level;
  return out;
}

/** The decision of the policy on one interaction between two services. */
export interface AccessDecision {
  verdict: 'allowed' | 'denied' | 'not-allowed' | 'unchecked';
  /** The deny that forbids it, or the allow that admits it. */
  rule?: AccessRule;
}

/** Whether the policy admits `from` → `to` in `style`: deny wins; with any allow, only what an allow covers passes. */
export function decide(policy: Pick<Policy, 'access'>, from: string, to: string, style: Style): AccessDecision {
  const matches = (r: AccessRule): boolean => sideCovers(r.from, from) && sideCovers(r.to, to) && stylesOf(r).includes(style);
  const deny = policy.access.find((r) => r.effect === 'deny' && matches(r));
  if (deny) return { verdict: 'denied', rule: deny };
  const allows = policy.access.filter((r) => r.effect === 'allow');
  if (!allows.length) return { verdict: 'unchecked' };
  const allow = allows.find(matches);
  return allow ? { verdict: 'allowed', rule: allow } : { verdict: 'not-allowed' };
}
