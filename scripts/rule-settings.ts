#!/usr/bin/env node
// Writes the `switchboard.rules.<id>` settings into package.json from the rule registry, so the
// registry stays the one source of truth. `--check` only reports whether package.json is current.
// Run: node --import tsx scripts/rule-settings.ts [--check]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/analysis/rules';
import { ruleSettingsSchema } from '../server/src/analysis/rules/settings';

const file = path.join(__dirname, '..', 'package.json');
const text = fs.readFileSync(file, 'utf8');
const pkg = JSON.parse(text) as { contributes: { configuration: { properties: Record<string, unknown> } } };
const props = pkg.contributes.configuration.properties;
const next: Record<string, unknown> = {};
// keep the other settings where they are, and the rules' settings together after them
for (const [k, v] of Object.entries(props)) if (!k.startsWith('switchboard.rules.')) next[k] = v;
Object.assign(next, ruleSettingsSchema(RULES));
pkg.contributes.configuration.properties = next;
const out = JSON.stringify(pkg, null, 2) + '\n';
if (process.argv.includes('--check')) {
  // compare the settings themselves: JSON formatting elsewhere in package.json is not ours to judge
  const rulesOf = (p: typeof pkg): string => JSON.stringify(Object.entries(p.contributes.configuration.properties).filter(([k]) => k.startsWith('switchboard.rules.')));
  if (rulesOf(JSON.parse(text) as typeof pkg) !== rulesOf(pkg)) {
    console.error('package.json rule settings are out of date: run `npm run rules:settings`');
    process.exit(1);
  }
  console.log('package.json rule settings are current');
} else if (out !== text) {
  fs.writeFileSync(file, out);
  console.log(`wrote ${RULES.length} rule settings to package.json`);
}
