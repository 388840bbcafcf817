/**
 * The one registry of output formats: the CLI's `--format` and the server's `switchboard/report`
 * exports both render through it, so a format added here is offered by both.
 */
import type { ReportFormat } from '../../../../protocol/src';
import type { AnalysisResult } from '../model';
import { RULES } from '../rules';
import { toAsyncApi } from './asyncapi';
import { toDot } from './dot';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import type { CodeLink } from './markdown-util';
import { toMermaid } from './mermaid';
import { toSarif } from './sarif';
import { toText } from './text';

/** What a renderer may need besides the model. */
export interface RenderOptions {
  /** The tool version SARIF names. */
  version: string;
  /** Link target for code locations in Markdown (default: paths relative to the analysed root). */
  link?: CodeLink;
}

/** An output format: its VS Code language id, file extension and renderer. */
export interface OutputFormat {
  language: string;
  extension: string;
  render: (model: AnalysisResult, options: RenderOptions) => string;
}

/** Every output format, by name; `text` is the CLI's alone (the editor has its own views). */
export const OUTPUT_FORMATS: Record<ReportFormat | 'text', OutputFormat> = {
  text: { language: 'plaintext', extension: 'txt', render: (m) => toText(m) },
  json: { language: 'json', extension: 'json', render: (m) => toJson(m) + '\n' },
  sarif: { language: 'json', extension: 'sarif', render: (m, o) => toSarif(m, { version: o.version, rules: RULES }) + '\n' },
  markdown: { language: 'markdown', extension: 'md', render: (m, o) => toMarkdown(m, o.link ? { link: o.link } : {}) },
  mermaid: { language: 'mermaid', extension: 'mmd', render: (m) => toMermaid(m) },
  dot: { language: 'dot', extension: 'dot', render: (m) => toDot(m) },
  asyncapi: { language: 'yaml', extension: 'yaml', render: (m) => toAsyncApi(m) },
};

/** The format names, in the order help texts list them. */
export const FORMAT_NAMES = Object.keys(OUTPUT_FORMATS) as (keyof typeof OUTPUT_FORMATS)[];

/** The format of that name, if there is one (names from users are not trusted to be keys). */
export function outputFormat(name: string): OutputFormat | undefined {
  return Object.prototype.hasOwnProperty.call(OUTPUT_FORMATS, name) ? OUTPUT_FORMATS[name as keyof typeof OUTPUT_FORMATS] : undefined;
}
