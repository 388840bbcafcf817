/**
 * The Event Catalog: every channel (topic, queue, subject) with its publishers and subscribers,
 * linked to the publish sites and the consumers, and the channels with no consumer or no publisher.
 */
import type { AnalysisResult } from '../model';
import { graphOf } from './graph';
import { heading, type MarkdownOptions, mdCode, mdText, mdWhere, names, table } from './markdown-util';

/** Renders the Event Catalog as Markdown. */
export function eventsReport(model: AnalysisResult, options: MarkdownOptions = {}): string {
  const graph = graphOf('', model);
  const channels = [...graph.channels].sort((a, b) => a.mechanism.localeCompare(b.mechanism) || a.name.localeCompare(b.name));
  const endpointById = new Map(model.endpoints.map((e) => [e.id, e]));
  const byId = new Map(model.interactions.map((i) => [i.id, i]));
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
  for (const c of channels) {
    parts.push(heading(options, 1, `${mdCode(c.name)} (${mdText(c.mechanism)})`), '');
    const out = graph.links.filter((l) => l.source === c.id);
    const publishes = graph.links.filter((l) => l.target === c.id).flatMap((l) => l.interactions.map((id) => byId.get(id)).filter((i) => !!i));
    for (const i of publishes) parts.push(`- published by **${mdText(i.service)}** at ${mdWhere(i.file, i.line, options)} (${mdText(i.library)})`);
    for (const l of out) {
      const ep = l.targetEndpoint ? endpointById.get(l.targetEndpoint) : undefined;
      const service = l.target.replace(/^service:/, '');
      parts.push(ep ? `- consumed by **${mdText(service)}** at ${mdWhere(ep.file, ep.line, options)}${ep.channel && ep.channel !== c.name ? ` (pattern ${mdCode(ep.channel)})` : ''}` : `- consumed by **${mdText(service)}**`);
    }
    if (!publishes.length) parts.push('- no publisher found');
    if (!out.length) parts.push('- no consumer found');
    parts.push('');
  }
  return parts.join('\n');
}
