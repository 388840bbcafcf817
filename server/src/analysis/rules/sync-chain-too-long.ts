/**
 * sync-chain-too-long: a synchronous chain across more services than allowed, reported at the
 * call that starts it, with every hop as related information.
 */
import { defineRule } from './rule';

export const syncChainTooLong = defineRule({
  id: 'sync-chain-too-long',
  description: 'A synchronous request-response chain crosses more services than allowed.',
  defaultSeverity: 'warning',
  defaultOptions: { maxServices: 3 },
  optionDocs: { maxServices: 'The most services a synchronous chain may cross, the caller included.' },
  check(model, _ctx, options) {
    const byId = new Map(model.interactions.map((i) => [i.id, i]));
    const seen = new Set<string>();
    const out = [];
    for (const chain of model.chains) {
      // a chain that closes on itself still holds every distinct service it crossed
      const distinct = new Set(chain.services).size;
      if (distinct <= options.maxServices) continue;
      const first = byId.get(chain.interactions[0]!);
      if (!first) continue;
      const key = `${first.id}|${chain.services.join('>')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        message: `Synchronous chain across ${distinct} services (${chain.services.join(' → ')}); at most ${options.maxServices} allowed. Each hop must be up and fast for this call to succeed.`,
        file: first.file,
        line: first.line,
        column: first.column,
        endLine: first.endLine,
        endColumn: first.endColumn,
        related: chain.interactions.slice(1).map((id, i) => {
          const hop = byId.get(id)!;
          return { message: `hop ${i + 2}: ${hop.service} → ${chain.services[i + 2]} (${hop.target})`, file: hop.file, line: hop.line, column: hop.column };
        }),
      });
    }
    return out;
  },
});
