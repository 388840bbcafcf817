/**
 * sync-cycle: services that synchronously call each other in a cycle.
 */
import { defineRule } from './rule';

export const syncCycle = defineRule({
  id: 'sync-cycle',
  description: 'Services call each other synchronously in a cycle.',
  defaultSeverity: 'error',
  defaultOptions: {},
  optionDocs: {},
  check(model) {
    const byId = new Map(model.interactions.map((i) => [i.id, i]));
    const reported = new Set<string>();
    const out = [];
    for (const chain of model.chains) {
      if (!chain.cycle) continue;
      const closing = chain.services[chain.services.length - 1]!;
      const start = chain.services.indexOf(closing);
      const loop = chain.services.slice(start);
      const ids = chain.interactions.slice(start);
      // one finding per call in the cycle
      for (const id of ids) {
        if (reported.has(id)) continue;
        reported.add(id);
        const i = byId.get(id)!;
        out.push({
          message: `Synchronous cycle: ${loop.join(' → ')}. A slow or failing service in the cycle stalls all of them, and calls can recurse.`,
          file: i.file,
          line: i.line,
          column: i.column,
          endLine: i.endLine,
          endColumn: i.endColumn,
          related: ids.filter((x) => x !== id).map((x) => {
            const o = byId.get(x)!;
            return { message: `${o.service} calls ${o.callees.join(', ')}`, file: o.file, line: o.line, column: o.column };
          }),
        });
      }
    }
    return out;
  },
});
