/**
 * The Coupling Report: per service, its synchronous dependencies, its temporal-coupling set (the
 * services that must be up at the same time for its endpoints to succeed), its domain coupling in
 * and out (who it needs functionality or data from, who needs it) and the data it shares.
 */
import type { AnalysisResult, Interaction, Style } from '../model';
import { needsUpByEndpoint } from './graph';
import { heading, type MarkdownOptions, mdText, mdWhere, names, STYLE_SHORT, table } from './markdown-util';

/** The coupling facts of one service. */
export interface ServiceCoupling {
  service: string;
  /** Services it calls synchronously, with the call sites. */
  syncDependencies: { service: string; calls: Interaction[] }[];
  /** Services that must be up at the same time for its endpoints to succeed. */
  temporalCoupling: string[];
  /** Services it needs functionality or data from, with the styles used. */
  domainOut: { service: string; styles: Style[] }[];
  /** Services that need its functionality or data, with the styles used. */
  domainIn: { service: string; styles: Style[] }[];
  /** Data stores it shares with other services. */
  sharedData: { store: string; access: ('read' | 'write')[]; with: string[] }[];
}

/** Computes the coupling facts of every analysed service. */
export function couplingOf(model: AnalysisResult): ServiceCoupling[] {
  const needsUp = needsUpByEndpoint(model);
  const out: ServiceCoupling[] = [];
  const stores = new Map<string, Map<string, Set<'read' | 'write'>>>();
  for (const i of model.interactions) {
    if (i.style !== 'common-data') continue;
    const name = i.store ?? i.target;
    const users = stores.get(name) ?? stores.set(name, new Map()).get(name)!;
    const access = users.get(i.service) ?? users.set(i.service, new Set()).get(i.service)!;
    if (i.access) access.add(i.access);
    for (const c of i.callees) if (!users.has(c)) users.set(c, new Set());
  }
  for (const s of model.services) {
    if (s.notAnalysed) continue;
    const own = model.interactions.filter((i) => i.service === s.name);
    const sync = new Map<string, Interaction[]>();
    for (const i of own) {
      if (i.style !== 'sync-request-response') continue;
      for (const c of i.callees) if (c !== s.name) (sync.get(c) ?? sync.set(c, []).get(c)!).push(i);
    }
    const temporal = new Set<string>(sync.keys());
    for (const ep of model.endpoints) if (ep.service === s.name) for (const x of needsUp.get(ep.id) ?? []) temporal.add(x);
    temporal.delete(s.name);

    const domainOut = new Map<string, Set<Style>>();
    const domainIn = new Map<string, Set<Style>>();
    const addTo = (m: Map<string, Set<Style>>, service: string, style: Style): void => {
      if (service === s.name) return;
      (m.get(service) ?? m.set(service, new Set()).get(service)!).add(style);
    };
    for (const i of model.interactions) {
      if (i.style === 'common-data') continue;
      // a request needs the callee's functionality; an event's consumers need the publisher's facts
      if (i.style === 'event') {
        if (i.service === s.name) for (const c of i.callees) addTo(domainIn, c, i.style);
        else if (i.callees.includes(s.name)) addTo(domainOut, i.service, i.style);
      } else if (i.service === s.name) for (const c of i.callees) addTo(domainOut, c, i.style);
      else if (i.callees.includes(s.name)) addTo(domainIn, i.service, i.style);
    }
    const sharedData: ServiceCoupling['sharedData'] = [];
    for (const [store, users] of [...stores].sort(([a], [b]) => a.localeCompare(b))) {
      const mine = users.get(s.name);
      if (!mine || users.size < 2) continue;
      sharedData.push({ store, access: [...mine].sort(), with: [...users.keys()].filter((u) => u !== s.name).sort() });
    }
    const sortStyles = (m: Map<string, Set<Style>>): { service: string; styles: Style[] }[] =>
      [...m].sort(([a], [b]) => a.localeCompare(b)).map(([service, styles]) => ({ service, styles: [...styles].sort() }));
    out.push({
      service: s.name,
      syncDependencies: [...sync].sort(([a], [b]) => a.localeCompare(b)).map(([service, calls]) => ({ service, calls })),
      temporalCoupling: [...temporal].sort(),
      domainOut: sortStyles(domainOut),
      domainIn: sortStyles(domainIn),
      sharedData,
    });
  }
  return out.sort((a, b) => a.service.localeCompare(b.service));
}

const withStyles = (list: { service: string; styles: Style[] }[]): string =>
  list.length ? list.map((d) => `${mdText(d.service)} (${d.styles.map((x) => STYLE_SHORT[x]).join(', ')})`).join(', ') : '—';

/** Renders the Coupling Report as Markdown. */
export function couplingReport(model: AnalysisResult, options: MarkdownOptions = {}): string {
  const rows = couplingOf(model);
  const parts: string[] = [heading(options, 0, 'Coupling Report'), ''];
  parts.push(
    '**Temporal coupling**: a service needs another to be up at the same time to finish its work; every synchronous request-response creates it. ' +
      'The temporal-coupling set of a service is every service that must be up for its endpoints to succeed. ' +
      '**Domain coupling**: a service needs functionality or data that another provides (out), or others need its own (in). ' +
      '**Shared data** (common coupling): services that read or write the same table, collection, key space or bucket.',
    '',
  );
  parts.push(
    table(
      ['Service', 'Sync dependencies', 'Temporal-coupling set', 'Domain coupling out', 'Domain coupling in', 'Shared data'],
      rows.map((r) => [
        `**${mdText(r.service)}**`,
        names(r.syncDependencies.map((d) => d.service)),
        r.temporalCoupling.length ? `${r.temporalCoupling.length}: ${names(r.temporalCoupling)}` : '—',
        withStyles(r.domainOut),
        withStyles(r.domainIn),
        r.sharedData.length ? r.sharedData.map((d) => `${mdText(d.store)} (${d.access.join('/') || 'uses'}; with ${names(d.with)})`).join('; ') : '—',
      ]),
    ),
    '',
  );
  for (const r of rows) {
    if (!r.syncDependencies.length && !r.sharedData.length) continue;
    parts.push(heading(options, 1, mdText(r.service)), '');
    for (const d of r.syncDependencies) {
      parts.push(`- waits for **${mdText(d.service)}**: ${d.calls.map((c) => `${mdText(c.target)} at ${mdWhere(c.file, c.line, options)}`).join('; ')}`);
    }
    for (const d of r.sharedData) parts.push(`- shares data **${mdText(d.store)}** (${d.access.join('/') || 'uses'}) with ${names(d.with)}`);
    parts.push('');
  }
  return parts.join('\n');
}
