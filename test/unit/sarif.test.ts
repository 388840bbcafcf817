/**
 * `switchboard analyze --format sarif`: a SARIF 2.1.0 log that the official schema accepts
 * (the schema file ships in @microsoft/jest-sarif), with rule metadata, help URIs, locations and
 * related locations as GitHub code scanning reads them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import { analyze } from '../../server/src/analysis/analyze';
import { toSarif } from '../../server/src/analysis/report/sarif';
import { RULES } from '../../server/src/analysis/rules';

const SCHEMA = path.join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
const SHOP = path.join(__dirname, '..', '..', 'examples', 'shop');

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; relatedLocations?: { id: number; message: { text: string } }[] }[];
  }[];
}

describe('SARIF output', () => {
  const model = analyze(SHOP);
  const text = toSarif(model, { version: '0.1.0', rules: RULES });
  const log = JSON.parse(text) as SarifLog;

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
    // the schema's language-tag pattern is not valid as a unicode regular expression
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    // the check can fail: a log without the required version is rejected
    assert.equal(validate({ runs: [] }), false);
    const bad = structuredClone(log);
    bad.runs[0]!.results[0]!.level = 'info';
    assert.equal(validate(bad), false, 'SARIF has no "info" level: the schema must reject it');
  });

  it('describes every rule with its help URI and default level', () => {
    const rules = log.runs[0]!.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.id));
    for (const r of rules) {
      assert.match(r.helpUri, new RegExp(`docs/rules/${r.id}\\.md$`));
      assert.ok(r.shortDescription.text.length > 10);
      assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
    }
  });

  it('has one result per finding, with relative locations, levels and related locations', () => {
    const results = log.runs[0]!.results;
    assert.equal(results.length, model.findings.length);
    assert.ok(results.length > 0);
    for (const [i, r] of results.entries()) {
      const f = model.findings[i]!;
      assert.equal(r.ruleId, f.rule);
      assert.equal(log.runs[0]!.tool.driver.rules[r.ruleIndex]!.id, f.rule);
      assert.equal(r.locations[0]!.physicalLocation.artifactLocation.uri, f.file);
      assert.ok(!r.locations[0]!.physicalLocation.artifactLocation.uri.startsWith('/'));
      assert.equal(r.locations[0]!.physicalLocation.region.startLine, f.line);
      assert.equal(r.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[f.severity]);
    }
    const cycle = results.find((r) => r.ruleId === 'sync-cycle');
    assert.ok(cycle?.relatedLocations?.length, 'a cycle links the other calls in it');
  });
});
