/**
 * unknown-channel: a subscription (or message handler) on a channel that no service of the
 * workspace publishes or sends to.
 */
import type { Program } from '../link/program';
import type { Endpoint } from '../model';
import { LooseChannels, publishedChannels, unknownName } from './facts-of';
import { defineRule } from './rule';

/** The queue a consumer reads, when the endpoint names one (AMQP, SQS, Pub/Sub). */
function queueOf(e: Endpoint): string | undefined {
  return (e as Endpoint & { queue?: string }).queue;
}

/**
 * Mechanisms whose messages come from outside the services (browsers over Socket.IO and WebSockets),
 * or from job producers hidden behind queue factories (Bull, BullMQ): a missing producer says little.
 */
const OUTSIDE_FED = new Set(['socketio', 'websocket', 'ws', 'bullmq']);

/** Kafka, NATS, ... whatever client library or NestJS transport carries it. */
function family(mechanism: string): string {
  return mechanism.replace(/^nestjs-/, '').replace(/^bull$/, 'bullmq').replace(/^rmq$/, 'rabbitmq');
}

/** `service|family` for each service that publishes or sends on a channel whose name cannot be read at all. */
function servicesWithUnreadChannels(program: Program): Set<string> {
  const out = new Set<string>();
  for (const f of program.facts.values()) {
    for (const c of f.calls) {
      if (c.role !== 'publish' && !(c.role === 'request' && c.mechanism !== 'http' && c.mechanism !== 'grpc')) continue;
      for (const svc of program.servicesOf(f.file)) {
        const text = c.channel ? program.resolve(c.channel, f.file, program.service(svc)?.env ?? {}).text : '';
        if (!text.replace(/\u0000/g, '').trim() && !c.channelField) out.add(`${svc}|${family(c.mechanism)}`);
      }
    }
  }
  return out;
}

export const unknownChannel = defineRule({
  id: 'unknown-channel',
  description: 'A service consumes messages on a channel that no service publishes to.',
  defaultSeverity: 'warning',
  defaultOptions: { ignoreChannels: [] as string[] },
  optionDocs: { ignoreChannels: 'Channels published outside this workspace (other systems, tools), which are not reported.' },
  check(model, ctx, options) {
    const reached = new Set<string>();
    for (const i of model.interactions) for (const e of i.endpoints) reached.add(e);
    const published = new LooseChannels(publishedChannels(ctx.program));
    const messageEndpoints = model.endpoints.filter((ep) => ep.kind === 'message' && !OUTSIDE_FED.has(family(ep.mechanism ?? '')));
    // fed: an interaction reaches it, or some publish (one the linker could not connect, or one
    // inside the consuming service itself) names a matching channel
    const fed = new Set(messageEndpoints.filter((ep) => reached.has(ep.id) || (ep.channel && published.matches(ep.channel))).map((ep) => ep.id));
    // a queue consumer and the bindings feeding its queue: one fed means all are
    const fedQueues = new Set(messageEndpoints.filter((ep) => fed.has(ep.id) && queueOf(ep)).map((ep) => `${ep.service}|${queueOf(ep)}`));
    const unanalysed = model.services.filter((s) => s.notAnalysed).map((s) => s.name);
    const blind = servicesWithUnreadChannels(ctx.program);
    return messageEndpoints
      .filter((ep) => !fed.has(ep.id) && !(queueOf(ep) && fedQueues.has(`${ep.service}|${queueOf(ep)}`)))
      .filter((ep) => !unknownName(ep.channel) && !options.ignoreChannels.includes(ep.channel!))
      // the consumer's own service publishes somewhere we cannot read (a queue instance imported from elsewhere): it may be here
      .filter((ep) => !blind.has(`${ep.service}|${family(ep.mechanism ?? '')}`))
      .map((ep) => ({
        // services whose code is not here may be the producers: say so, and only inform
        ...(unanalysed.length ? { severity: 'info' as const } : {}),
        message: `${ep.service} consumes ${ep.mechanism ?? ep.kind} ${ep.channel}, but no service publishes or sends to it${unanalysed.length ? ` (unless ${unanalysed.join(', ')}, whose code is not analysed, does)` : ''}: the handler never runs, or the producer uses another name. Remove the subscription, or fix the channel name on one side.`,
        file: ep.file,
        line: ep.line,
        column: ep.column,
      }));
  },
});
