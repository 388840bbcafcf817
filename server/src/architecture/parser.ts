/**
 * The architecture-file parser: a Chevrotain lexer and CST parser with error recovery, and the
 * conversion of its concrete tree into the ranged syntax tree of ./ast.
 *
 * The language is line-oriented: one statement per line, `//` comments, blank lines anywhere.
 * Newlines are tokens, so a broken statement never swallows the next line: Chevrotain repairs a
 * missing or extra token inside the statement (single-token insertion/deletion) and otherwise
 * re-synchronises at the end of the line, keeping the parts of the statement it did read.
 */
import { CstParser, createToken, type CstNode, type IParserErrorMessageProvider, type IToken, Lexer, type TokenType, EOF } from 'chevrotain';
import type {
  AccessStatement,
  ArchitectureAst,
  Comment,
  DataStatement,
  LimitStatement,
  Name,
  Position,
  Range,
  RuleStatement,
  ServiceStatement,
  Statement,
  Str,
  SyntaxProblem,
  Target,
} from './ast';

// ---- tokens -------------------------------------------------------------------------------

/** A word: names of services, data, styles, limits, rules and severities. Hyphens allowed, but not before `>`. */
const NamePattern = /[A-Za-z0-9_](?:[A-Za-z0-9_.]|-(?!>))*/;

const Name = createToken({
  name: 'Name',
  pattern: NamePattern,
  label: 'a name',
  start_chars_hint: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'],
});
// keywords are contextual: they are also names, so a service may be called `data` or `rule`
const keyword = (word: string): TokenType =>
  createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Name, categories: [Name], label: `'${word}'` });
const Service = keyword('service');
const At = keyword('at');
const Hosts = keyword('hosts');
const Data = keyword('data');
const Owned = keyword('owned');
const By = keyword('by');
const Allow = keyword('allow');
const Deny = keyword('deny');
const Limit = keyword('limit');
const Rule = keyword('rule');
const Integer = createToken({ name: 'Integer', pattern: /\d+/, longer_alt: Name, label: 'a number' });
const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: "'->'" });
const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
// an unterminated string still lexes (to the end of the line), so the error is about the string, not the quote
const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"?/, label: 'a quoted string' });
const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true, label: 'end of line' });
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });

const ALL_TOKENS = [
  Whitespace,
  Newline,
  LineComment,
  Arrow,
  Star,
  Comma,
  StringLiteral,
  Service,
  At,
  Hosts,
  Data,
  Owned,
  By,
  Allow,
  Deny,
  Limit,
  Rule,
  Integer,
  Name,
];

// made on first use, like the parser: building it costs every CLI run and server start about 10 ms, and most workspaces have no architecture file
let lexer: Lexer | undefined;

// ---- messages -----------------------------------------------------------------------------

/** What each rule expects, in words. */
const RULE_WORDS: Record<string, string> = {
  serviceName: 'a service name',
  servicePath: 'the service\'s folder in quotes, like "apps/orders"',
  hostName: 'a host name in quotes',
  dataName: 'a name for the data (a table, collection, bucket or key space)',
  ownerName: 'the name of the owning service',
  target: "a service name or '*'",
  styleName: 'a communication style',
  limitName: 'a limit name (sync-chain, fan-out)',
  limitValue: 'a number',
  ruleId: 'a rule id',
  ruleLevel: 'a severity (error, warning, info, hint) or off',
};

function shown(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'the end of the file';
  if (token.tokenType === Newline) return 'the end of the line';
  return `'${token.image}'`;
}

function expectedWords(ruleName: string, expected: readonly TokenType[]): string {
  if (RULE_WORDS[ruleName]) return RULE_WORDS[ruleName]!;
  const labels = [...new Set(expected.map((t) => t.LABEL ?? t.name))];
  return labels.length <= 1 ? (labels[0] ?? 'something else') : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected === EOF) return `unexpected ${shown(actual)}: a statement starts with service, data, allow, deny, limit or rule`;
    if (expected === Newline) return `unexpected ${shown(actual)}: the statement ends before it (one statement per line)`;
    return `expected ${expectedWords(ruleName, [expected])}, found ${shown(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${shown(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    if (ruleName === 'statement') return `unexpected ${shown(actual[0])}: a statement starts with service, data, allow, deny, limit or rule`;
    return `expected ${expectedWords(
      ruleName,
      expectedPathsPerAlt
        .flat()
        .map((p) => p[0]!)
        .filter(Boolean),
    )}, found ${shown(actual[0])}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    return `expected ${RULE_WORDS[ruleName] ?? 'more'}, found ${shown(actual[0])}`;
  },
};

// ---- grammar ------------------------------------------------------------------------------

class ArchitectureParser extends CstParser {
  constructor() {
    super(ALL_TOKENS, { recoveryEnabled: true, errorMessageProvider: messages, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(Newline) }, { ALT: () => this.SUBRULE(this.statement) }]);
    });
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.serviceStatement) },
      { ALT: () => this.SUBRULE(this.dataStatement) },
      { ALT: () => this.SUBRULE(this.accessStatement) },
      { ALT: () => this.SUBRULE(this.limitStatement) },
      { ALT: () => this.SUBRULE(this.ruleStatement) },
    ]);
    this.CONSUME(Newline);
  });

  serviceStatement = this.RULE('serviceStatement', () => {
    this.CONSUME(Service);
    this.SUBRULE(this.serviceName);
    this.CONSUME(At);
    this.SUBRULE(this.servicePath);
    this.OPTION(() => {
      this.CONSUME(Hosts);
      this.SUBRULE(this.hostName);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.hostName);
      });
    });
  });

  dataStatement = this.RULE('dataStatement', () => {
    this.CONSUME(Data);
    this.SUBRULE(this.dataName);
    this.CONSUME(Owned);
    this.CONSUME(By);
    this.SUBRULE(this.ownerName);
  });

  accessStatement = this.RULE('accessStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(Allow) }, { ALT: () => this.CONSUME(Deny) }]);
    this.SUBRULE(this.target);
    this.CONSUME(Arrow);
    this.SUBRULE2(this.target);
    this.OPTION(() => {
      this.SUBRULE(this.styleName);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.styleName);
      });
    });
  });

  limitStatement = this.RULE('limitStatement', () => {
    this.CONSUME(Limit);
    this.SUBRULE(this.limitName);
    this.SUBRULE(this.limitValue);
  });

  ruleStatement = this.RULE('ruleStatement', () => {
    this.CONSUME(Rule);
    this.SUBRULE(this.ruleId);
    this.SUBRULE(this.ruleLevel);
  });

  target = this.RULE('target', () => {
    this.OR([{ ALT: () => this.CONSUME(Star) }, { ALT: () => this.CONSUME(Name) }]);
  });

  serviceName = this.RULE('serviceName', () => this.CONSUME(Name));
  servicePath = this.RULE('servicePath', () => this.CONSUME(StringLiteral));
  hostName = this.RULE('hostName', () => this.CONSUME(StringLiteral));
  dataName = this.RULE('dataName', () => this.CONSUME(Name));
  ownerName = this.RULE('ownerName', () => this.CONSUME(Name));
  styleName = this.RULE('styleName', () => this.CONSUME(Name));
  limitName = this.RULE('limitName', () => this.CONSUME(Name));
  limitValue = this.RULE('limitValue', () => this.CONSUME(Integer));
  ruleId = this.RULE('ruleId', () => this.CONSUME(Name));
  ruleLevel = this.RULE('ruleLevel', () => this.CONSUME(Name));
}

let parserInstance: ArchitectureParser | undefined;

// ---- CST → AST ----------------------------------------------------------------------------

/** Maps offsets to 1-based lines and columns. */
class LineMap {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1, offset: o };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/** True for a token the parser invented while recovering (it has no place in the text). */
function isVirtual(t: IToken): boolean {
  return t.isInsertedInRecovery === true || Number.isNaN(t.startOffset);
}

function tokensOf(node: CstNode | undefined): IToken[] {
  if (!node) return [];
  const out: IToken[] = [];
  for (const list of Object.values(node.children)) {
    for (const el of list) {
      if ('tokenType' in el) {
        if (!isVirtual(el)) out.push(el);
      } else out.push(...tokensOf(el));
    }
  }
  return out.sort((a, b) => a.startOffset - b.startOffset);
}

function unescape(raw: string): string {
  const body = raw.endsWith('"') && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Converts the concrete tree of one parse into statements. */
class Converter {
  constructor(
    private readonly map: LineMap,
    private readonly errors: SyntaxProblem[],
  ) {}

  private rangeOfToken(t: IToken): Range {
    return this.map.range(t.startOffset, t.endOffset! + 1);
  }

  private spanOf(node: CstNode): Range | undefined {
    const tokens = tokensOf(node).filter((t) => t.tokenType !== Newline);
    if (!tokens.length) return undefined;
    return this.map.range(tokens[0]!.startOffset, tokens[tokens.length - 1]!.endOffset! + 1);
  }

  private child(node: CstNode, key: string, i = 0): CstNode | undefined {
    const el = node.children[key]?.[i];
    return el && !('tokenType' in el) ? el : undefined;
  }

  private children(node: CstNode, key: string): CstNode[] {
    return (node.children[key] ?? []).filter((el): el is CstNode => !('tokenType' in el));
  }

  private token(node: CstNode | undefined, key?: string): IToken | undefined {
    if (!node) return undefined;
    const lists = key ? [node.children[key] ?? []] : Object.values(node.children);
    for (const list of lists) for (const el of list) if ('tokenType' in el && !isVirtual(el)) return el;
    return undefined;
  }

  private name(node: CstNode | undefined): Name | undefined {
    const t = this.token(node);
    return t ? { text: t.image, range: this.rangeOfToken(t) } : undefined;
  }

  private str(node: CstNode | undefined): Str | undefined {
    const t = this.token(node);
    if (!t) return undefined;
    const range = this.rangeOfToken(t);
    if (t.image.length < 2 || !t.image.endsWith('"') || t.image.endsWith('\\"')) this.errors.push({ message: 'unterminated string: add the closing "', range });
    return { value: unescape(t.image), range };
  }

  statement(node: CstNode): Statement | undefined {
    const [kind, inner] = Object.entries(node.children).find(([k]) => k.endsWith('Statement')) ?? [];
    const body = inner?.[0];
    if (!kind || !body || 'tokenType' in body) return undefined;
    const range = this.spanOf(body);
    const first = tokensOf(body)[0];
    if (!range || !first) return undefined;
    const keyword = this.rangeOfToken(first);
    switch (kind) {
      case 'serviceStatement': {
        const s: ServiceStatement = { kind: 'service', range, keyword, hosts: [] };
        const name = this.name(this.child(body, 'serviceName'));
        if (name) s.name = name;
        const p = this.str(this.child(body, 'servicePath'));
        if (p) s.path = p;
        for (const h of this.children(body, 'hostName')) {
          const v = this.str(h);
          if (v) s.hosts.push(v);
        }
        return s;
      }
      case 'dataStatement': {
        const s: DataStatement = { kind: 'data', range, keyword };
        const name = this.name(this.child(body, 'dataName'));
        if (name) s.name = name;
        const owner = this.name(this.child(body, 'ownerName'));
        if (owner) s.owner = owner;
        return s;
      }
      case 'accessStatement': {
        const s: AccessStatement = { kind: body.children.Deny ? 'deny' : 'allow', range, keyword, styles: [] };
        const targets = this.children(body, 'target').map((t) => this.token(t));
        const target = (t: IToken | undefined): Target | undefined =>
          t ? { text: t.image, wildcard: t.tokenType === Star, range: this.rangeOfToken(t) } : undefined;
        // a target the parser could not read leaves a hole: keep `to` as the one after the arrow
        const arrow = this.token(body, 'Arrow');
        const before = targets.filter((t) => t && (!arrow || t.startOffset < arrow.startOffset));
        const after = targets.filter((t) => t && arrow && t.startOffset > arrow.startOffset);
        const from = target(before[0] ?? (!arrow ? targets[0] : undefined));
        const to = target(after[0] ?? (!arrow ? targets[1] : undefined));
        if (from) s.from = from;
        if (to) s.to = to;
        for (const st of this.children(body, 'styleName')) {
          const n = this.name(st);
          if (n) s.styles.push(n);
        }
        return s;
      }
      case 'limitStatement': {
        const s: LimitStatement = { kind: 'limit', range, keyword };
        const name = this.name(this.child(body, 'limitName'));
        if (name) s.name = name;
        const v = this.token(this.child(body, 'limitValue'));
        if (v) s.value = { value: Number(v.image), range: this.rangeOfToken(v) };
        return s;
      }
      case 'ruleStatement': {
        const s: RuleStatement = { kind: 'rule', range, keyword };
        const id = this.name(this.child(body, 'ruleId'));
        if (id) s.id = id;
        const level = this.name(this.child(body, 'ruleLevel'));
        if (level) s.level = level;
        return s;
      }
      default:
        return undefined;
    }
  }
}

/** Parses the text of an architecture file; never throws: broken statements become errors. */
export function parseArchitecture(text: string): ArchitectureAst {
  const map = new LineMap(text);
  const errors: SyntaxProblem[] = [];
  lexer ??= new Lexer(ALL_TOKENS, { positionTracking: 'full', ensureOptimizations: false });
  const lexed = lexer.tokenize(text);
  for (const e of lexed.errors) {
    errors.push({
      message: `unexpected character '${text.substr(e.offset, e.length).slice(0, 1)}'`,
      range: map.range(e.offset, e.offset + Math.max(1, e.length)),
    });
  }
  const comments: Comment[] = (lexed.groups.comments ?? []).map((t) => ({ text: t.image, range: map.range(t.startOffset, t.endOffset! + 1) }));
  const tokens = [...lexed.tokens];
  // every statement ends with a newline token: give the last line one
  if (!tokens.length || tokens[tokens.length - 1]!.tokenType !== Newline) {
    tokens.push({
      image: '',
      startOffset: text.length,
      endOffset: text.length - 1,
      startLine: NaN,
      startColumn: NaN,
      endLine: NaN,
      endColumn: NaN,
      tokenTypeIdx: Newline.tokenTypeIdx!,
      tokenType: Newline,
    } as IToken);
  }
  parserInstance ??= new ArchitectureParser();
  const parser = parserInstance;
  parser.input = tokens;
  const cst = parser.file();
  for (const e of parser.errors) {
    const t = e.token;
    let range: Range;
    if (t && !isVirtual(t) && t.tokenType !== EOF && !(t.tokenType === Newline && t.image === '')) {
      // an error at a newline points at the end of the line, not at the next line
      range = t.tokenType === Newline ? map.range(t.startOffset, t.startOffset) : map.range(t.startOffset, t.endOffset! + 1);
    } else {
      const prev = (e as { previousToken?: IToken }).previousToken;
      const at = prev && !isVirtual(prev) ? prev.endOffset! + 1 : text.length;
      range = map.range(at, at);
    }
    errors.push({ message: e.message, range });
  }
  const conv = new Converter(map, errors);
  const statements: Statement[] = [];
  for (const el of cst?.children.statement ?? []) {
    if ('tokenType' in el) continue;
    const s = conv.statement(el);
    if (s) statements.push(s);
  }
  statements.sort((a, b) => a.range.start.offset - b.range.start.offset);
  errors.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { statements, comments, errors: dedupe(errors) };
}

function dedupe(errors: SyntaxProblem[]): SyntaxProblem[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.range.start.offset}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
