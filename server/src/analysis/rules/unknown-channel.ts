/**
 * unknown-channel: a subscription (or message handler) on a channel that no service of the
 * workspace publishes or sends to.
 */
import type { Endpoint } from '../model';
import { unknownName } from './facts-of';
import { defineRule } from './rule';

export const unknownChannel = defineRule({
  id: 'unknown-channel',
  description: 'A service consumes messages on a channel that no service publishes to.',
  defaultSeverity: 'warning',
  defaultOptions: { ignoreChannels: [] as string[] },
  optionDocs: { ignoreChannels: 'Channels published outside this workspace (other systems, tools), which are not reported.' },
  check(model, _ctx, options) {
    const reached = new Set<string>();
    for (const i of model.interactions) for (const e of i.endpoints) reached.add(e);
    // a queue consumer and the bindings feeding its queue share one handler and queue: one reached means all are
    const sibling = (e: Endpoint): string => `${e.service}|${e.handler}|${(e as Endpoint & { queue?: string }).queue ?? e.channel}`;
    const reachedQueues = new Set(model.endpoints.filter((e) => reached.has(e.id) && (e as Endpoint & { queue?: string }).queue).map(sibling));
    return model.endpoints
      .filter((ep) => ep.kind === 'message' && !reached.has(ep.id) && !reachedQueues.has(sibling(ep)))
      .filter((ep) => !unknownName(ep.channel) && !options.ignoreChannels.includes(ep.channel!))
      .map((ep) => ({
        message: `${ep.service} consumes ${ep.mechanism ?? ep.kind} ${ep.channel}, but no service publishes or sends to it: the handler never runs (or the producer uses another name). Remove the subscription, or fix the channel name on one side.`,
        file: ep.file,
        line: ep.line,
        column: ep.column,
      }));
  },
});
