/**
 * The Event Catalog: every channel (topic, queue, subject) with its publishers and subscribers,
 * linked to the publish sites and the consumers, the fields the messages carry and the fields each
 * consumer reads, and the channels with no consumer or no publisher. The catalog as data serves
 * the Markdown report, the AsyncAPI export and `switchboard diff`.
 */
import type { AnalysisResult, Endpoint, Interaction } from '../model';
import { graphOf } from './graph';
import { heading, type MarkdownOptions, mdCode, mdText, mdWhere, names, table } from './markdown-util';

/** A consumer of a channel: a service, and the handler that receives the messages when it is known. */
export interface CatalogConsumer {
  service: string;
  endpoint?: Endpoint;
}

/** One channel of the catalog. */
export interface CatalogChannel {
  /** The graph's node id (`channel:<mechanism>:<name>`). */
  id: string;
  name: string;
  mechanism: string;
  /** Publisher service names, as in the graph. */
  publishers: string[];
  /** Subscriber service names, as in the graph. */
  subscribers: string[];
  /** The publish sites. */
  producers: Interaction[];
  consumers: CatalogConsumer[];
  /** The union of the fields every publish sends, sorted. */
  fields: string[];
  /** True when every publish's fields are known completely (there is at least one, and none is open). */
  fieldsComplete: boolean;
}

/** The event catalog of a model: its channels sorted by mechanism, then name. */
export function eventCatalog(model: AnalysisResult): CatalogChannel[] {
  const graph = graphOf('', model);
  const endpointById = new Map(model.endpoints.map((e) => [e.id, e]));
  const byId = new Map(model.interactions.map((i) => [i.id, i]));
  const channels = [...graph.channels].sort((a, b) => a.mechanism.localeCompare(b.mechanism) || a.name.localeCompare(b.name));
  return channels.map((c) => {
    const producers = graph.links.filter((l) => l.target === c.id).flatMap((l) => l.interactions.map((id) => byId.get(id)).filter((i) => !!i));
    const consumers = graph.links
      .filter((l) => l.source === c.id)
      .map((l): CatalogConsumer => {
        const endpoint = l.targetEndpoint ? endpointById.get(l.targetEndpoint) : undefined;
        return { service: l.target.replace(/^service:/, ''), ...(endpoint ? { endpoint } : {}) };
      });
    const fields = [...new Set(producers.flatMap((p) => p.payload?.fields ?? []))].sort();
    const fieldsComplete = producers.length > 0 && producers.every((p) => p.payload && !p.payload.open);
    return {
      id: c.id,
      name: c.name,
      mechanism: c.mechanism,
      publishers: c.publishers,
      subscribers: c.subscribers,
      producers,
      consumers,
      fields,
      fieldsComplete,
    };
  });
}

/** Renders the Event Catalog as Markdown. */
export function eventsReport(model: AnalysisResult, options: MarkdownOptions = {}): string {
  const channels = eventCatalog(model);
  const parts: string[] = [heading(options, 0, 'Event Catalog'), ''];
  parts.push(`${channels.length} channels. An event is a fact broadcast to whoever listens: the publisher does not know its consumers.`, '');
  const note = (publishers: number, subscribers: number): string => (!subscribers ? 'no consumer' : !publishers ? 'no publisher' : '');
  parts.push(
    table(
      ['Channel', 'Mechanism', 'Publishers', 'Subscribers', 'Note'],
      channels.map((c) => [mdCode(c.name), mdText(c.mechanism), names(c.publishers), names(c.subscribers), note(c.publishers.length, c.subscribers.length)]),
    ),
    '',
  );
  const fieldList = (fields: string[]): string => fields.map(mdCode).join(', ');
  for (const c of channels) {
    parts.push(heading(options, 1, `${mdCode(c.name)} (${mdText(c.mechanism)})`), '');
    if (c.fields.length) parts.push(`- fields: ${fieldList(c.fields)}${c.fieldsComplete ? '' : ' (and maybe more)'}`);
    for (const i of c.producers) parts.push(`- published by **${mdText(i.service)}** at ${mdWhere(i.file, i.line, options)} (${mdText(i.library)})`);
    for (const { service, endpoint: ep } of c.consumers) {
      const reads = ep?.reads?.fields.length ? `, reads ${fieldList(ep.reads.fields)}` : '';
      parts.push(
        ep
          ? `- consumed by **${mdText(service)}** at ${mdWhere(ep.file, ep.line, options)}${ep.channel && ep.channel !== c.name ? ` (pattern ${mdCode(ep.channel)})` : ''}${reads}`
          : `- consumed by **${mdText(service)}**`,
      );
    }
    if (!c.producers.length) parts.push('- no publisher found');
    if (!c.consumers.length) parts.push('- no consumer found');
    parts.push('');
  }
  return parts.join('\n');
}
