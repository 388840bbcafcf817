/**
 * event-contract: a consumer reads a field of a message that none of its producers sends.
 */
import { callFact, endpointFact } from './facts-of';
import { endpointLabel } from './reach';
import type { Interaction } from '../model';
import { defineRule, type RuleFinding } from './rule';

export const eventContract = defineRule({
  id: 'event-contract',
  description: 'A consumer reads a field of a message that none of its producers sends.',
  defaultSeverity: 'error',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    const out: RuleFinding[] = [];
    const seen = new Set<string>();
    // the producers reaching each endpoint, in interaction order (was a scan of every interaction per endpoint)
    const producersOf = new Map<string, Interaction[]>();
    for (const i of model.interactions) {
      if (i.style !== 'event' && !i.mechanism.startsWith('nestjs-')) continue;
      for (const id of new Set(i.endpoints)) (producersOf.get(id) ?? producersOf.set(id, []).get(id)!).push(i);
    }
    for (const ep of model.endpoints) {
      if (ep.kind !== 'message') continue;
      const use = endpointFact(ctx.program, ep)?.payload;
      if (!use?.reads.length || !use.line) continue;
      const producers = producersOf.get(ep.id) ?? [];
      if (!producers.length) continue;
      const shapes = producers.map((p) => callFact(ctx.program, p)?.payload);
      // a producer whose message we cannot read completely may send anything
      if (shapes.some((s) => !s || s.open)) continue;
      const sent = new Set(shapes.flatMap((s) => s!.fields));
      const missing = use.reads.filter((f) => !sent.has(f));
      const key = `${ep.file}:${use.line}:${missing.join(',')}`;
      if (!missing.length || seen.has(key)) continue;
      seen.add(key);
      out.push({
        message: `${ep.service} reads ${missing.map((f) => `\`${f}\``).join(', ')} from ${endpointLabel(ep)} messages, but no producer sends ${missing.length > 1 ? 'them' : 'it'} (${[...new Set(producers.map((p) => p.service))].join(', ')} send${producers.length > 1 ? '' : 's'} ${[...sent].join(', ') || 'no fields'}): ${missing.length > 1 ? 'they are' : 'it is'} always undefined here.`,
        file: ep.file,
        line: use.line,
        ...(use.column ? { column: use.column } : {}),
        related: producers.map((p) => ({ message: `${p.service} publishes ${p.channel ?? p.target} with ${callFact(ctx.program, p)?.payload?.fields.join(', ') || 'no fields'}`, file: p.file, line: p.line, column: p.column })),
      });
    }
    return out;
  },
});
