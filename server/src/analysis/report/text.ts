/**
 * A readable summary for a person: services, edges by style, chains and findings.
 */
import type { AnalysisResult, Style } from '../model';
import { STYLES } from '../model';

const STYLE_LABEL: Record<Style, string> = {
  'sync-request-response': 'sync request-response',
  'async-request-response': 'async request-response',
  'fire-and-forget': 'fire-and-forget',
  event: 'event',
  'common-data': 'common data',
};

/** Renders the text report. */
export function toText(model: AnalysisResult): string {
  const lines: string[] = [];
  const analysed = model.services.filter((s) => !s.notAnalysed);
  lines.push(`Switchboard: ${analysed.length} services, ${model.endpoints.length} endpoints, ${model.interactions.length} interactions, ${model.findings.length} findings (${model.stats.analysedFiles} files, ${model.stats.millis} ms)`);
  lines.push('');
  lines.push('Services');
  for (const s of model.services) {
    const eps = model.endpoints.filter((e) => e.service === s.name).length;
    lines.push(`  ${s.name.padEnd(20)} ${(s.root || '.').padEnd(32)} ${eps} endpoints${s.notAnalysed ? ' (not analysed)' : ''}`);
  }
  for (const style of STYLES) {
    const edges = new Map<string, number>();
    for (const i of model.interactions) {
      if (i.style !== style) continue;
      const targets = i.callees.length ? i.callees : ['?'];
      for (const c of targets) {
        const key = style === 'common-data' ? `${[i.service, c].sort().join(' ⇄ ')}` : `${i.service} → ${c}`;
        edges.set(key, (edges.get(key) ?? 0) + 1);
      }
    }
    if (!edges.size) continue;
    lines.push('');
    lines.push(`${STYLE_LABEL[style]}`);
    for (const [k, n] of [...edges].sort()) lines.push(`  ${k}${n > 1 ? `  (${n} calls)` : ''}`);
  }
  const unresolved = model.interactions.filter((i) => i.unresolved);
  if (unresolved.length) {
    lines.push('');
    lines.push('Unresolved targets');
    for (const i of unresolved) lines.push(`  ${i.file}:${i.line}  ${i.service}: ${i.target} — ${i.unresolved}`);
  }
  if (model.chains.length) {
    lines.push('');
    lines.push('Synchronous chains');
    const seen = new Set<string>();
    for (const c of model.chains) {
      const key = c.services.join(' → ');
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`  ${key}${c.cycle ? '  (cycle)' : ''}`);
    }
  }
  if (model.findings.length) {
    lines.push('');
    lines.push('Findings');
    for (const f of model.findings) lines.push(`  ${f.file}:${f.line}  ${f.severity}  ${f.message}  [${f.rule}]`);
  }
  if (model.messages.length) {
    lines.push('');
    lines.push('Not analysed');
    for (const m of model.messages) lines.push(`  ${m.file ? m.file + ': ' : ''}${m.message}`);
  }
  return lines.join('\n') + '\n';
}
