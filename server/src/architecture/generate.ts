/**
 * Writes the architecture Switchboard discovered as an architecture file: the services with their
 * folders and hosts, data ownership where a shared store's owner is known, and every current
 * service-to-service interaction as an `allow` — a starting point the team edits into policy.
 * Checking the code against the generated file reports nothing until someone changes one or the other.
 */
import { type AnalysisResult, STYLES, type Style } from '../analysis/model';
import { formatArchitecture } from './format';
import { LIMITS } from './policy';

const NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.]|-(?!>))*$/;

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The defaults the commented-out limits show. */
export interface GenerateOptions {
  /** The name of the workspace folder, for the header. */
  folderName?: string;
  /** Current values of the limits' rule options (`sync-chain-too-long.maxServices`, ...), to show as comments. */
  limits?: Partial<Record<keyof typeof LIMITS, number>>;
}

/** The architecture file text for an analysis result. */
export function generateArchitecture(model: Pick<AnalysisResult, 'services' | 'interactions' | 'endpoints'>, options: GenerateOptions = {}): string {
  const lines: string[] = [];
  const skipped: string[] = [];
  lines.push(`// The architecture of ${options.folderName ?? 'this workspace'} as Switchboard found it in the code.`);
  lines.push('// Edit it into policy: drop the allows that should not exist, add denies, set limits.');
  lines.push('// Language: docs/architecture-file.md. While any allow exists, what no allow covers is a divergence.');
  lines.push('');
  const services = [...model.services].sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set<string>();
  for (const s of services) {
    if (!NAME.test(s.name)) {
      skipped.push(s.name);
      continue;
    }
    names.add(s.name);
    const hosts = s.hosts.filter((h) => h !== s.name);
    lines.push(
      `service ${s.name} at ${quote(s.root || '.')}${hosts.length ? ` hosts ${hosts.map(quote).join(', ')}` : ''}${s.notAnalysed ? ' // its code is not in the workspace' : ''}`,
    );
  }
  for (const n of skipped) lines.push(`// service "${n}": its name cannot be written in an architecture file; rename it to declare it`);

  const data = model.endpoints
    .filter((e) => e.kind === 'data' && names.has(e.service))
    .map((e) => ({ name: (e.path ?? e.channel ?? e.id).split(/\s+/).pop() ?? '', owner: e.service }))
    .filter((d) => NAME.test(d.name));
  const seenData = new Set<string>();
  if (data.length) lines.push('');
  for (const d of data.sort((a, b) => a.name.localeCompare(b.name))) {
    if (seenData.has(d.name)) continue;
    seenData.add(d.name);
    lines.push(`data ${d.name} owned by ${d.owner}`);
  }

  const edges = new Map<string, Set<Style>>();
  const owners = new Map(data.map((d) => [d.name, d.owner]));
  for (const i of model.interactions) {
    if (!names.has(i.service)) continue;
    // the owner of a store reaching its own data is no interaction with the others
    if (i.style === 'common-data' && i.store && owners.get(i.store.split(/\s+/).pop() ?? '') === i.service) continue;
    for (const c of i.callees) {
      if (c === i.service || !names.has(c)) continue;
      const k = `${i.service}\u0000${c}`;
      (edges.get(k) ?? edges.set(k, new Set()).get(k)!).add(i.style);
    }
  }
  if (edges.size) lines.push('');
  for (const [k, styles] of [...edges].sort((a, b) => a[0].localeCompare(b[0]))) {
    const [from, to] = k.split('\u0000');
    lines.push(`allow ${from} -> ${to} ${STYLES.filter((s) => styles.has(s)).join(', ')}`);
  }
  if (!edges.size) lines.push('', '// no interaction between services was found');

  lines.push('');
  for (const [name, def] of Object.entries(LIMITS)) {
    const value = options.limits?.[name];
    lines.push(`// limit ${name} ${value ?? 'N'}${value === undefined ? `  (${def.rule} ${def.option})` : ''}`);
  }
  return formatArchitecture(lines.join('\n') + '\n') ?? lines.join('\n') + '\n';
}
