/**
 * The reflexion of the intended architecture against the code: divergences (interactions the
 * policy denies or no allow covers) and absences (allowed interactions between two named services
 * that the code never makes), and the problems of the file that need the workspace (services
 * nobody declared or discovered, folders that do not exist).
 */
import type { AnalysisResult, Interaction, Style } from '../analysis/model';
import type { RuleFinding } from '../analysis/rules/rule';
import type { Range } from './ast';
import { type AccessRule, type ArchitectureProblem, closest, decide, describeAccess, type Policy } from './policy';

/** The architecture an analysis runs against: the resolved policy and where its file is. */
export interface ArchitectureInput {
  /** The file, relative to the analysed root with forward slashes (`architecture.switchboard`). */
  file: string;
  policy: Policy;
}

/** An interaction the policy does not admit. */
export interface Divergence {
  interaction: Interaction;
  from: string;
  to: string;
  style: Style;
  verdict: 'denied' | 'not-allowed';
  /** The deny that forbids it. */
  rule?: AccessRule;
}

/** An allow between two named services that the code never uses (in some or all of its styles). */
export interface Absence {
  rule: AccessRule;
  /** The styles never used; empty when the allow names no style and nothing at all goes from one to the other. */
  styles: Style[];
}

/**
 * The owner a `data` statement declares for a store as the analysis names it (`postgres shop.orders`):
 * the data name must equal the store or end it after a separator (`orders`, `shop.orders`).
 */
export function ownerOfStore(policy: Pick<Policy, 'data'>, store: string | undefined): string | undefined {
  if (!store) return undefined;
  const matches = (name: string): boolean => store === name || (store.endsWith(name) && /[\s/.:]$/.test(store.slice(0, store.length - name.length)));
  // the longest (most specific) matching name wins
  return [...policy.data].sort((a, b) => b.name.length - a.name.length).find((d) => matches(d.name))?.owner;
}

/** Every service-to-service edge of every interaction, with the policy's verdict where it objects. */
export function divergences(policy: Policy, interactions: readonly Interaction[]): Divergence[] {
  const out: Divergence[] = [];
  for (const i of interactions) {
    // an owner using its own data shares nothing with anyone
    if (i.style === 'common-data' && ownerOfStore(policy, i.store) === i.service) continue;
    for (const to of new Set(i.callees)) {
      if (to === i.service) continue;
      const d = decide(policy, i.service, to, i.style);
      if (d.verdict === 'denied' || d.verdict === 'not-allowed') {
        const div: Divergence = { interaction: i, from: i.service, to, style: i.style, verdict: d.verdict };
        if (d.rule) div.rule = d.rule;
        out.push(div);
      }
    }
  }
  return out;
}

/** The allows between two named services whose styles the code never uses. */
export function absences(policy: Policy, model: Pick<AnalysisResult, 'interactions' | 'services'>): Absence[] {
  const used = new Map<string, Set<Style>>();
  for (const i of model.interactions) {
    for (const to of i.callees) {
      if (to === i.service) continue;
      const k = `${i.service}\u0000${to}`;
      (used.get(k) ?? used.set(k, new Set()).get(k)!).add(i.style);
    }
  }
  const known = new Map(model.services.map((s) => [s.name, s]));
  const out: Absence[] = [];
  for (const r of policy.access) {
    if (r.effect !== 'allow' || r.from === '*' || r.to === '*' || r.from === r.to) continue;
    const from = known.get(r.from);
    // unknown services are reported as such; a service whose code is not analysed cannot be judged
    if (!from || !known.has(r.to) || from.notAnalysed) continue;
    const styles = used.get(`${r.from}\u0000${r.to}`) ?? new Set<Style>();
    if (r.styles.length) {
      const missing = r.styles.filter((s) => !styles.has(s));
      if (missing.length) out.push({ rule: r, styles: missing });
    } else if (!styles.size) {
      out.push({ rule: r, styles: [] });
    }
  }
  return out;
}

/** A finding's location for a range of the architecture file. */
function at(file: string, range: Range): Pick<RuleFinding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { file, line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

const MAX_RELATED = 20;

function edgeKey(d: Divergence): string {
  return `${d.from} → ${d.to} ${d.style}`;
}

/** Summarises divergences by edge: "gateway → ledger sync-request-response (2 call sites)". */
function edgesOf(list: readonly Divergence[]): string {
  const counts = new Map<string, number>();
  for (const d of list) counts.set(edgeKey(d), (counts.get(edgeKey(d)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} (${n} call site${n === 1 ? '' : 's'})`).join('; ');
}

/**
 * `architecture-divergence` findings: one at each call site, and one on each statement the code
 * breaks (a deny), or on the caller's `service` statement when no allow covers the interaction.
 */
export function divergenceFindings(input: ArchitectureInput, model: Pick<AnalysisResult, 'interactions'>): RuleFinding[] {
  const { policy, file } = input;
  const list = divergences(policy, model.interactions);
  const out: RuleFinding[] = [];
  const seen = new Set<string>();
  const declared = new Map(policy.services.map((s) => [s.name, s]));
  const firstAllow = policy.access.find((r) => r.effect === 'allow');
  for (const d of list) {
    const i = d.interaction;
    const key = `${i.id}|${d.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const anchor = d.rule?.statement ?? declared.get(d.from)?.statement;
    const why =
      d.verdict === 'denied'
        ? `is denied by the architecture (${file}:${d.rule!.statement.range.start.line}: ${describeAccess(d.rule!)})`
        : `is not allowed by the architecture: no allow in ${file} covers it`;
    const f: RuleFinding = {
      message: `${d.from} → ${d.to} (${d.style}, ${i.target}) ${why}.`,
      file: i.file,
      line: i.line,
      column: i.column,
    };
    if (i.endLine !== undefined) f.endLine = i.endLine;
    if (i.endColumn !== undefined) f.endColumn = i.endColumn;
    if (anchor)
      f.related = [
        {
          message: d.verdict === 'denied' ? 'the deny statement' : `the declaration of ${d.from}`,
          file,
          line: anchor.range.start.line,
          column: anchor.range.start.column,
        },
      ];
    out.push(f);
  }
  // one finding per statement, listing what breaks it
  const byStatement = new Map<string, { range: Range; list: Divergence[]; denied: boolean; caller: string }>();
  for (const d of list) {
    const anchor = d.verdict === 'denied' ? d.rule!.statement.range : (declared.get(d.from)?.statement.range ?? firstAllow?.statement.range);
    if (!anchor) continue;
    const k = `${d.verdict}|${anchor.start.offset}`;
    const entry = byStatement.get(k) ?? { range: anchor, list: [], denied: d.verdict === 'denied', caller: d.from };
    entry.list.push(d);
    byStatement.set(k, entry);
  }
  for (const { range, list: ds, denied, caller } of byStatement.values()) {
    const callers = [...new Set(ds.map((d) => d.from))];
    const message = denied
      ? `The code does what this statement denies: ${edgesOf(ds)}.`
      : `${callers.length === 1 ? caller : callers.join(', ')} ${callers.length === 1 ? 'makes' : 'make'} interactions no allow covers: ${edgesOf(ds)}.`;
    out.push({
      message,
      ...at(file, range),
      related: ds
        .slice(0, MAX_RELATED)
        .map((d) => ({ message: `${edgeKey(d)}: ${d.interaction.target}`, file: d.interaction.file, line: d.interaction.line, column: d.interaction.column })),
    });
  }
  return out;
}

/** `architecture-absence` findings: on each allow between two named services that the code never uses. */
export function absenceFindings(input: ArchitectureInput, model: Pick<AnalysisResult, 'interactions' | 'services'>): RuleFinding[] {
  return absences(input.policy, model).map((a) => {
    const r = a.rule;
    const message = a.styles.length
      ? `The code never does ${r.from} → ${r.to} ${a.styles.join(', ')}: this allow is not (or no longer) used${a.styles.length < r.styles.length ? ' for these styles' : ''}.`
      : `The code has no interaction from ${r.from} to ${r.to}: this allow is not (or no longer) used.`;
    return { message, ...at(input.file, r.statement.range) };
  });
}

/** Workspace facts the file's names and folders are checked against. */
export interface WorkspaceView {
  /** The services of the analysis (declared ones included), when there is one. */
  services?: readonly { name: string }[];
  /** True when the folder (relative to the root) exists. */
  isFolder?: (rel: string) => boolean;
}

/** Problems that need the workspace: unknown services, and declared folders that do not exist. */
export function workspaceProblems(policy: Policy, view: WorkspaceView): ArchitectureProblem[] {
  const out: ArchitectureProblem[] = [];
  if (view.isFolder) {
    for (const s of policy.services) {
      if (s.statement.path && !view.isFolder(s.root)) {
        out.push({ code: 'missing-path', severity: 'error', message: `folder "${s.root}" does not exist in the workspace`, range: s.statement.path.range });
      }
    }
  }
  const names = new Set<string>([...policy.services.map((s) => s.name), ...(view.services ?? []).map((s) => s.name)]);
  // with no declarations and no analysis there is nothing to check names against
  if (!names.size) return out;
  const unknown = (name: string, range: Range): void => {
    if (name === '*' || names.has(name)) return;
    const c = closest(name, [...names]);
    out.push({
      code: 'unknown-service',
      severity: 'error',
      message: `unknown service "${name}"${c ? ` (did you mean ${c}?)` : ''}: declare it with a service statement${policy.services.length ? '' : ' or check the discovered services'}`,
      range,
    });
  };
  for (const r of policy.access) {
    if (r.statement.from) unknown(r.from, r.statement.from.range);
    if (r.statement.to) unknown(r.to, r.statement.to.range);
  }
  for (const d of policy.data) if (d.statement.owner) unknown(d.owner, d.statement.owner.range);
  return out;
}
