/**
 * The rule contract: one rule per file, made with `defineRule`, which adds the docs link.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArchitectureInput } from '../../architecture/check';
import type { Program } from '../link/program';
import type { AnalysisResult, Finding, Severity } from '../model';

/** What a rule may read besides the model. */
export interface RuleContext {
  program: Program;
  /** The current text of a file (editor buffers included). */
  sources: (file: string) => string | undefined;
  /** The architecture file the code is checked against (declared services, data ownership, allow/deny), when there is one. */
  architecture?: ArchitectureInput | undefined;
}

/** Options of a rule: numbers, strings or lists, each with a default. */
export type RuleOptions = Record<string, number | string | boolean | string[]>;

/** A finding before the registry adds the rule id and severity. */
export type RuleFinding = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

/** A rule definition. */
export interface Rule<O extends RuleOptions = RuleOptions> {
  id: string;
  /** One sentence: what the rule finds. */
  description: string;
  defaultSeverity: Severity;
  defaultOptions: O;
  /** Markdown description of each option, for settings and docs. */
  optionDocs: Record<keyof O & string, string>;
  check(model: AnalysisResult, ctx: RuleContext, options: O): RuleFinding[];
}

/** A registered rule, with the link to its documentation page. */
export interface RegisteredRule<O extends RuleOptions = RuleOptions> extends Rule<O> {
  docsUrl: string;
}

let docsRoot: string | undefined;

/** The folder holding docs/rules, found next to the running code (source tree or bundle). */
export function docsFolder(): string {
  if (docsRoot) return docsRoot;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'docs', 'rules'))) {
      docsRoot = path.join(dir, 'docs', 'rules');
      return docsRoot;
    }
    dir = path.dirname(dir);
  }
  docsRoot = path.resolve(__dirname, '..', 'docs', 'rules');
  return docsRoot;
}

/** Defines a rule and attaches its documentation link (a file URL of docs/rules/<id>.md). */
export function defineRule<O extends RuleOptions>(rule: Rule<O>): RegisteredRule<O> {
  return {
    ...rule,
    get docsUrl() {
      return pathToFileURL(path.join(docsFolder(), `${rule.id}.md`)).href;
    },
  };
}
