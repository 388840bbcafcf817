/**
 * Rule settings from their two outside sources — VS Code settings (`switchboard.rules.<id>`) and
 * CLI flags (`--rule id=severity`, `--rule-option id.key=value`) — checked against the registry,
 * and the settings schema that package.json contributes, generated from the same registry.
 */
import type { Severity } from '../model';
import type { RegisteredRule, RuleOptions } from './rule';

/** A severity or `off`. */
export type RuleLevel = Severity | 'off';

/** Every level a setting or flag accepts, most severe first. */
export const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Per-rule settings: a severity (or `off`) and option overrides. */
export type RuleSettings = Record<string, { severity?: RuleLevel; options?: Partial<RuleOptions> }>;

/** Settings read from a source, with what was wrong in it (unknown rules, bad values). */
export interface ParsedSettings {
  settings: RuleSettings;
  problems: string[];
}

function isLevel(v: unknown): v is RuleLevel {
  return typeof v === 'string' && (LEVELS as readonly string[]).includes(v);
}

/** Converts a raw option value to the type of the rule's default, or explains why it cannot. */
function coerce(rule: RegisteredRule, key: string, raw: unknown): { value?: RuleOptions[string]; problem?: string } {
  const def = rule.defaultOptions[key];
  const where = `${rule.id}.${key}`;
  if (def === undefined) return { problem: `unknown option ${where} (options: ${Object.keys(rule.defaultOptions).join(', ') || 'none'})` };
  if (typeof def === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    return Number.isFinite(n) ? { value: n } : { problem: `${where} must be a number, got ${JSON.stringify(raw)}` };
  }
  if (typeof def === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
    return { problem: `${where} must be true or false, got ${JSON.stringify(raw)}` };
  }
  if (Array.isArray(def)) {
    if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return { value: raw as string[] };
    if (typeof raw === 'string') return { value: raw.split(',').map((s) => s.trim()).filter(Boolean) };
    return { problem: `${where} must be a list of strings, got ${JSON.stringify(raw)}` };
  }
  return typeof raw === 'string' ? { value: raw } : { problem: `${where} must be a string, got ${JSON.stringify(raw)}` };
}

/**
 * Reads the object VS Code returns for the `switchboard.rules` section: rule id → a severity string,
 * or `{ severity, ...options }`.
 */
export function settingsFromConfiguration(raw: unknown, rules: readonly RegisteredRule[]): ParsedSettings {
  const out: ParsedSettings = { settings: {}, problems: [] };
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    out.problems.push('switchboard.rules must be an object keyed by rule id');
    return out;
  }
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      out.problems.push(`unknown rule "${id}" in switchboard.rules`);
      continue;
    }
    if (value === undefined || value === null) continue;
    const entry: RuleSettings[string] = {};
    if (typeof value === 'string') {
      if (isLevel(value)) entry.severity = value;
      else out.problems.push(`switchboard.rules.${id}: unknown severity "${value}" (expected ${LEVELS.join('|')})`);
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (key === 'severity') {
          if (isLevel(v)) entry.severity = v;
          else out.problems.push(`switchboard.rules.${id}.severity: unknown severity ${JSON.stringify(v)} (expected ${LEVELS.join('|')})`);
          continue;
        }
        const c = coerce(rule, key, v);
        if (c.problem) out.problems.push(`switchboard.rules: ${c.problem}`);
        else (entry.options ??= {})[key] = c.value;
      }
    } else {
      out.problems.push(`switchboard.rules.${id} must be a severity or an object`);
    }
    out.settings[id] = entry;
  }
  return out;
}

/** Reads `--rule id=level` and `--rule-option id.key=value` flags; problems are usage errors. */
export function settingsFromFlags(ruleFlags: readonly string[], optionFlags: readonly string[], rules: readonly RegisteredRule[]): ParsedSettings {
  const out: ParsedSettings = { settings: {}, problems: [] };
  const find = (id: string): RegisteredRule | undefined => {
    const rule = rules.find((r) => r.id === id);
    if (!rule) out.problems.push(`unknown rule "${id}" (rules: ${rules.map((r) => r.id).join(', ')})`);
    return rule;
  };
  for (const flag of ruleFlags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      out.problems.push(`--rule expects id=${LEVELS.join('|')}, got "${flag}"`);
      continue;
    }
    const id = flag.slice(0, eq).trim();
    const level = flag.slice(eq + 1).trim();
    if (!find(id)) continue;
    if (!isLevel(level)) {
      out.problems.push(`--rule ${id}: unknown severity "${level}" (expected ${LEVELS.join('|')})`);
      continue;
    }
    (out.settings[id] ??= {}).severity = level;
  }
  for (const flag of optionFlags) {
    const eq = flag.indexOf('=');
    const dot = flag.indexOf('.');
    if (eq <= 0 || dot <= 0 || dot > eq) {
      out.problems.push(`--rule-option expects id.key=value, got "${flag}"`);
      continue;
    }
    const rule = find(flag.slice(0, dot).trim());
    if (!rule) continue;
    const c = coerce(rule, flag.slice(dot + 1, eq).trim(), flag.slice(eq + 1));
    if (c.problem) out.problems.push(`--rule-option ${c.problem}`);
    else ((out.settings[rule.id] ??= {}).options ??= {})[flag.slice(dot + 1, eq).trim()] = c.value;
  }
  return out;
}

/** Later settings win, key by key (flags over editor settings, say). */
export function mergeSettings(...layers: RuleSettings[]): RuleSettings {
  const out: RuleSettings = {};
  for (const layer of layers) {
    for (const [id, s] of Object.entries(layer)) {
      const cur = (out[id] ??= {});
      if (s.severity) cur.severity = s.severity;
      if (s.options) cur.options = { ...cur.options, ...s.options };
    }
  }
  return out;
}

/** A JSON-schema fragment for one option value, from the type of its default. */
function optionSchema(def: RuleOptions[string], doc: string): Record<string, unknown> {
  const base = { markdownDescription: doc, default: def };
  if (typeof def === 'number') return { type: 'number', ...base };
  if (typeof def === 'boolean') return { type: 'boolean', ...base };
  if (Array.isArray(def)) return { type: 'array', items: { type: 'string' }, ...base };
  return { type: 'string', ...base };
}

/**
 * The `contributes.configuration.properties` entries for every rule: `switchboard.rules.<id>` with
 * its severity and options. package.json carries exactly this (scripts/rule-settings.ts writes it,
 * a meta-test checks it).
 */
export function ruleSettingsSchema(rules: readonly RegisteredRule[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const rule of rules) {
    const properties: Record<string, unknown> = {
      severity: {
        type: 'string',
        enum: [...LEVELS],
        default: rule.defaultSeverity,
        markdownDescription: `Severity of \`${rule.id}\` findings, or \`off\`.`,
      },
    };
    for (const [key, def] of Object.entries(rule.defaultOptions)) properties[key] = optionSchema(def, (rule.optionDocs as Record<string, string>)[key] ?? key);
    out[`switchboard.rules.${rule.id}`] = {
      scope: 'resource',
      type: 'object',
      markdownDescription: `${rule.description} See the rule's page: docs/rules/${rule.id}.md.`,
      properties,
      additionalProperties: false,
      default: { severity: rule.defaultSeverity, ...rule.defaultOptions },
    };
  }
  return out;
}
