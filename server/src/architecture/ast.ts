/**
 * The syntax tree of an architecture file (`*.switchboard`). Every node carries its range, so
 * diagnostics, hover, go to definition and formatting can point into the text. A statement whose
 * text was broken keeps the parts that parsed; the missing parts are `undefined`.
 *
 * Positions: `line` and `column` are 1-based (as in the analysis model), `offset` is 0-based;
 * a range's end is the position just after its last character.
 */

/** A place in the text. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A span of text: `start` inclusive, `end` exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

/** A bare word: a service, data, style, limit, rule or severity name. */
export interface Name {
  text: string;
  range: Range;
}

/** A double-quoted string; `value` has its escapes resolved. */
export interface Str {
  value: string;
  range: Range;
}

/** One side of an `allow`/`deny`: a service name or the wildcard `*`. */
export interface Target {
  /** The service name, or `*`. */
  text: string;
  wildcard: boolean;
  range: Range;
}

/** `service <name> at "<folder>" [hosts "<host>", ...]` */
export interface ServiceStatement {
  kind: 'service';
  range: Range;
  keyword: Range;
  name?: Name;
  path?: Str;
  hosts: Str[];
}

/** `data <name> owned by <service>` */
export interface DataStatement {
  kind: 'data';
  range: Range;
  keyword: Range;
  name?: Name;
  owner?: Name;
}

/** `allow|deny <from> -> <to> [style, ...]`; no style means every style. */
export interface AccessStatement {
  kind: 'allow' | 'deny';
  range: Range;
  keyword: Range;
  from?: Target;
  to?: Target;
  styles: Name[];
}

/** `limit <name> <number>` */
export interface LimitStatement {
  kind: 'limit';
  range: Range;
  keyword: Range;
  name?: Name;
  value?: { value: number; range: Range };
}

/** `rule <rule id> <severity|off>` */
export interface RuleStatement {
  kind: 'rule';
  range: Range;
  keyword: Range;
  id?: Name;
  level?: Name;
}

/** Any statement of the language. */
export type Statement = ServiceStatement | DataStatement | AccessStatement | LimitStatement | RuleStatement;

/** The statement keywords, in the order the docs list them. */
export const STATEMENT_KEYWORDS = ['service', 'data', 'allow', 'deny', 'limit', 'rule'] as const;

/** A `//` comment (kept so the formatter can put it back). */
export interface Comment {
  text: string;
  range: Range;
}

/** A syntax error with the range it concerns. */
export interface SyntaxProblem {
  message: string;
  range: Range;
}

/** A parsed architecture file. */
export interface ArchitectureAst {
  statements: Statement[];
  comments: Comment[];
  errors: SyntaxProblem[];
}
