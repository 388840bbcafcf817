/**
 * The `switchboard.*` settings as the server reads them per workspace folder, and their
 * translation into analysis options. One typed source of defaults lives in package.json's
 * contributes.configuration; missing settings mean "use the engine's default".
 */
import type { AnalysisOptions } from './analysis/analyze';
import { RULES } from './analysis/rules';
import { type RuleSettings, settingsFromConfiguration } from './analysis/rules/settings';

/** The `switchboard` configuration section (all optional). */
export interface SwitchboardSettings {
  analysis?: {
    exclude?: string[];
    include?: string[];
    includeTests?: boolean;
    maxFileBytes?: number;
  };
  rules?: Record<string, unknown>;
}

/**
 * Leaves out values equal to the rule's default: VS Code fills every `switchboard.rules.<id>` in with
 * its schema default, and those must not override the workspace's architecture file, whose `rule`
 * and `limit` statements sit below explicit settings.
 */
function withoutDefaults(settings: RuleSettings): RuleSettings {
  const out: RuleSettings = {};
  for (const [id, s] of Object.entries(settings)) {
    const rule = RULES.find((r) => r.id === id);
    const entry: RuleSettings[string] = {};
    if (s.severity && s.severity !== rule?.defaultSeverity) entry.severity = s.severity;
    for (const [key, value] of Object.entries(s.options ?? {})) {
      if (JSON.stringify(value) !== JSON.stringify(rule?.defaultOptions[key])) (entry.options ??= {})[key] = value;
    }
    if (entry.severity || entry.options) out[id] = entry;
  }
  return out;
}

/** Analysis options from settings. */
export function analysisOptions(settings: SwitchboardSettings): AnalysisOptions {
  const a = settings.analysis ?? {};
  const out: AnalysisOptions = {};
  if (Array.isArray(a.exclude)) out.exclude = a.exclude.filter((x): x is string => typeof x === 'string');
  if (Array.isArray(a.include)) out.include = a.include.filter((x): x is string => typeof x === 'string');
  if (typeof a.includeTests === 'boolean') out.includeTests = a.includeTests;
  if (typeof a.maxFileBytes === 'number' && a.maxFileBytes > 0) out.maxFileBytes = a.maxFileBytes;
  // `switchboard.rules.<id>`: severity and options per rule; values that do not fit the registry are left out
  const rules = withoutDefaults(settingsFromConfiguration(settings.rules, RULES).settings);
  if (Object.keys(rules).length) out.rules = rules;
  return out;
}
