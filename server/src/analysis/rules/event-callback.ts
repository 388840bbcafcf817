/**
 * event-callback: a consumer that, on receiving an event, synchronously calls the producer back
 * for details — the event carries too little ("only an ID").
 */
import type { Interaction } from '../model';
import { callFact } from './facts-of';
import { endpointLabel, reachOf } from './reach';
import { defineRule, type RuleFinding } from './rule';

/** Verbs of operations that read rather than change. */
const READ_WORDS = /(^|[^a-z])(get|find|fetch|read|load|list|search|show|query|lookup|retrieve|describe)/i;

/** Does the call ask for data: an HTTP GET (or HEAD), a gRPC or message pattern named like a read, a GraphQL query? */
function readsBack(call: Interaction): boolean {
  if (call.mechanism === 'http') return /^(GET|HEAD)\b/.test(call.target);
  if (call.mechanism === 'graphql') return !/mutation/i.test(call.target);
  const name = (call.channel ?? call.target).split(/[\s/]/).pop() ?? '';
  return READ_WORDS.test(name.replace(/([a-z])([A-Z])/g, '$1 $2'));
}

export const eventCallback = defineRule({
  id: 'event-callback',
  description: 'A consumer of an event synchronously calls the event\'s producer back, because the event carries too little.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    const reach = reachOf(ctx.program, model);
    const out: RuleFinding[] = [];
    const seen = new Set<string>();
    // the events reaching each endpoint, in interaction order (was a scan of every interaction per endpoint)
    const eventsTo = new Map<string, Interaction[]>();
    for (const i of model.interactions) {
      if (i.style !== 'event') continue;
      for (const id of new Set(i.endpoints)) (eventsTo.get(id) ?? eventsTo.set(id, []).get(id)!).push(i);
    }
    for (const ep of model.endpoints) {
      if (ep.kind !== 'message') continue;
      const events = (eventsTo.get(ep.id) ?? []).filter((i) => i.service !== ep.service);
      if (!events.length) continue;
      const producers = new Set(events.map((i) => i.service));
      for (const call of reach.syncCallsOf(ep)) {
        // fetching details back; a command or notification sent to the producer is another matter
        if (!readsBack(call)) continue;
        const back = call.callees.filter((c) => producers.has(c));
        if (!back.length || seen.has(call.id)) continue;
        seen.add(call.id);
        const event = events.find((i) => back.includes(i.service))!;
        const shape = callFact(ctx.program, event)?.payload;
        const carries = shape && !shape.open ? ` (it carries only ${shape.fields.join(', ') || 'nothing'})` : '';
        out.push({
          message: `On ${endpointLabel(ep)} from ${back.join(', ')}, ${ep.service} calls ${back.join(', ')} back synchronously (${call.target}): the event carries too little${carries}. Both must be up at once again, which the event was meant to avoid. Publish the details ${ep.service} needs in the event itself (event-carried state transfer).`,
          file: call.file,
          line: call.line,
          column: call.column,
          endLine: call.endLine,
          endColumn: call.endColumn,
          related: [
            { message: `${event.service} publishes ${event.channel ?? event.target}`, file: event.file, line: event.line, column: event.column },
            { message: `${ep.service} consumes it here`, file: ep.file, line: ep.line, column: ep.column },
          ],
        });
      }
    }
    return out;
  },
});
