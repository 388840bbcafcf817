/**
 * Rule settings: VS Code's `switchboard.rules.<id>` objects and CLI flags, checked against the
 * registry, merged, and handed to the analysis by the server's settings translation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/analysis/rules';
import { mergeSettings, ruleSettingsSchema, settingsFromConfiguration, settingsFromFlags } from '../../server/src/analysis/rules/settings';
import { analysisOptions } from '../../server/src/settings';

describe('rule settings', () => {
  it('reads VS Code objects and plain severities, coercing option types', () => {
    const { settings, problems } = settingsFromConfiguration(
      { 'sync-chain-too-long': { severity: 'error', maxServices: 5 }, 'sync-cycle': 'off', 'temporal-coupling': { serviceAvailability: '0.99' } },
      RULES,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings['sync-chain-too-long'], { severity: 'error', options: { maxServices: 5 } });
    assert.deepEqual(settings['sync-cycle'], { severity: 'off' });
    assert.deepEqual(settings['temporal-coupling'], { options: { serviceAvailability: 0.99 } });
  });

  it('reports unknown rules, severities and options instead of applying them', () => {
    const { settings, problems } = settingsFromConfiguration({ 'no-such-rule': 'off', 'sync-cycle': { severity: 'loud', maxWhatever: 1 }, 'sync-chain-too-long': { maxServices: 'three' } }, RULES);
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.equal(settings['no-such-rule'], undefined);
    assert.deepEqual(settings['sync-cycle'], {});
    assert.deepEqual(settings['sync-chain-too-long'], {});
  });

  it('reads CLI flags; later layers win option by option', () => {
    const flags = settingsFromFlags(['sync-cycle=warning'], ['sync-chain-too-long.maxServices=4', 'unresolved-endpoint.reportUnknownTargets=true'], RULES);
    assert.deepEqual(flags.problems, []);
    const merged = mergeSettings({ 'sync-chain-too-long': { severity: 'error', options: { maxServices: 9 } } }, flags.settings);
    assert.deepEqual(merged['sync-chain-too-long'], { severity: 'error', options: { maxServices: 4 } });
    assert.deepEqual(merged['sync-cycle'], { severity: 'warning' });
    assert.deepEqual(merged['unresolved-endpoint'], { options: { reportUnknownTargets: true } });
    assert.equal(settingsFromFlags(['sync-cycle'], [], RULES).problems.length, 1);
  });

  it('the server passes switchboard.rules to the analysis', () => {
    assert.deepEqual(analysisOptions({ rules: { 'missing-timeout': 'off' } }).rules, { 'missing-timeout': { severity: 'off' } });
    assert.equal(analysisOptions({}).rules, undefined);
  });

  it('generates one setting per rule with severity and typed options', () => {
    const schema = ruleSettingsSchema(RULES);
    assert.deepEqual(Object.keys(schema), RULES.map((r) => `switchboard.rules.${r.id}`));
    const chain = schema['switchboard.rules.sync-chain-too-long'] as { properties: Record<string, { type: string; default: unknown }>; default: Record<string, unknown> };
    assert.equal(chain.properties.maxServices!.type, 'number');
    assert.deepEqual(chain.default, { severity: 'warning', maxServices: 3 });
  });
});
