/**
 * The linked program: all files' facts joined with module resolution, service ownership,
 * constant and environment resolution, and the in-process call graph.
 */
import type { CallRef, CallSite, ClassFact, FileFacts, FunctionFact, Sym } from '../facts';
import type { ServiceInfo } from '../workspace/services';
import type { ModuleResolver } from '../workspace/modules';
import { emptyInfra, type InfraModel } from '../infra/model';

/** Marker for an unknown part of a resolved string. */
export const UNKNOWN = '\u0000';

/** A resolved string value: text with UNKNOWN markers, and the env vars it depended on. */
export interface Resolved {
  text: string;
  /** Environment variable names read while resolving (also those without a value). */
  envNames: string[];
  /** True when the value has no unknown parts. */
  complete: boolean;
}

const MAX_DEPTH = 16;

/** Values for a wrapper's parameters, taken from one call site. */
export interface Binding {
  args: Sym[];
  file: string;
  env: Record<string, string>;
}

/** Extra context for resolving a Sym. */
export interface ResolveContext {
  /** `this.<field>` values of the class (class-based publishers). */
  thisValues?: Record<string, Sym>;
  /** Parameter values from a call site. */
  binding?: Binding;
}

/** True when a Sym depends on a parameter of its function. */
export function dependsOnParam(s: Sym | undefined): boolean {
  if (!s) return false;
  if (s.k === 'param') return true;
  if (s.k === 'cat') return s.parts.some(dependsOnParam);
  if (s.k === 'obj') return Object.values(s.props).some(dependsOnParam);
  if (s.k === 'env') return dependsOnParam(s.fallback);
  return false;
}

/** The part of a bound argument a parameter's property path reads: `def.subject` of `{ subject: 'x' }` or of a named constant. */
function pathInto(arg: Sym, path: string[]): Sym | undefined {
  if (arg.k === 'ref') return { ...arg, path: [...arg.path, ...path] };
  if (arg.k === 'param') return { ...arg, path: [...(arg.path ?? []), ...path] };
  if (arg.k === 'obj') {
    const v = arg.props[path[0]!];
    return v && path.length > 1 ? pathInto(v, path.slice(1)) : v;
  }
  return undefined;
}

/** The linked view of all facts. */
export class Program {
  readonly functions: Map<string, FunctionFact>;
  private readonly fileOwner = new Map<string, string | undefined>();
  private readonly reaching = new Map<string, string[]>();
  private readonly importers: Map<string, Set<string>>;
  private readonly callees = new Map<string, string[]>();
  /** class name → files declaring it (for unresolved type references). */
  private readonly classIndex: Map<string, { file: string; cls: ClassFact }[]>;
  private readonly sortedRoots: ServiceInfo[];
  /** The wiring infrastructure code declares (functions, triggers, rules, grants, tasks). */
  infra: InfraModel = emptyInfra();

  constructor(
    readonly facts: ReadonlyMap<string, FileFacts>,
    readonly services: readonly ServiceInfo[],
    readonly modules: ModuleResolver,
    /**
     * The program of the previous run and the files changed since, when they kept their declarations
     * (see `adopt`): its function, class and importer indexes are taken over and patched for those
     * files instead of built again from every file's facts.
     */
    previous?: { program: Program; changed: ReadonlySet<string> },
  ) {
    this.sortedRoots = [...services].filter((s) => !s.notAnalysed).sort((a, b) => b.root.length - a.root.length);
    const ids = (f: FileFacts | undefined): string => (f?.functions ?? []).map((fn) => fn.id).join('\n');
    const old = previous?.program;
    if (old && old.facts.size === facts.size) {
      if ([...previous.changed].every((f) => ids(old.facts.get(f)) === ids(facts.get(f)))) {
        // the same function ids in the same files: setting the changed ones keeps the map's (facts) order
        this.functions = old.functions;
        for (const f of previous.changed) for (const fn of facts.get(f)?.functions ?? []) this.functions.set(fn.id, fn);
      } else {
        // anonymous functions moved (they are named by position): the map is made again, in facts order
        this.functions = new Map();
        for (const f of facts.values()) for (const fn of f.functions) this.functions.set(fn.id, fn);
      }
      // classes and imports are part of the declarations, equal by the caller's check: the indexes hold
      this.classIndex = old.classIndex;
      this.importers = old.importers;
      return;
    }
    this.functions = new Map();
    this.classIndex = new Map();
    this.importers = new Map();
    for (const f of facts.values()) {
      for (const fn of f.functions) this.functions.set(fn.id, fn);
      for (const c of f.classes) {
        const list = this.classIndex.get(c.name) ?? [];
        list.push({ file: f.file, cls: c });
        this.classIndex.set(c.name, list);
      }
      for (const imp of Object.values(f.imports)) {
        const target = this.modules.resolve(f.file, imp.module);
        if (target) {
          const set = this.importers.get(target) ?? new Set<string>();
          set.add(f.file);
          this.importers.set(target, set);
        }
      }
      for (const r of f.reexports) {
        const target = this.modules.resolve(f.file, r.module);
        if (target) {
          const set = this.importers.get(target) ?? new Set<string>();
          set.add(f.file);
          this.importers.set(target, set);
        }
      }
    }
  }

  /** The service whose folder contains the file, if any. */
  ownerOf(file: string): string | undefined {
    if (this.fileOwner.has(file)) return this.fileOwner.get(file);
    // the deepest service root above the file (the longest matching root): a lookup per folder level,
    // not a scan of every service per file (hundreds of services times thousands of files)
    if (!this.rootIndex) {
      this.rootIndex = new Map();
      for (const x of this.sortedRoots) if (!this.rootIndex.has(x.root)) this.rootIndex.set(x.root, x.name);
    }
    let name: string | undefined;
    for (let p = file; ; ) {
      name = this.rootIndex.get(p);
      if (name !== undefined || p === '') break;
      const slash = p.lastIndexOf('/');
      p = slash < 0 ? '' : p.slice(0, slash);
    }
    this.fileOwner.set(file, name);
    return name;
  }

  private rootIndex?: Map<string, string>;

  /** The services whose code reaches the file: its owner, or for shared code every importing service. */
  servicesOf(file: string): string[] {
    const owner = this.ownerOf(file);
    if (owner) return [owner];
    const cached = this.reaching.get(file);
    if (cached) return cached;
    const found = new Set<string>();
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length) {
      const f = queue.shift()!;
      for (const imp of this.importers.get(f) ?? []) {
        if (seen.has(imp)) continue;
        seen.add(imp);
        const o = this.ownerOf(imp);
        if (o) found.add(o);
        else queue.push(imp);
      }
    }
    const out = [...found].sort();
    this.reaching.set(file, out);
    return out;
  }

  service(name: string): ServiceInfo | undefined {
    if (!this.byName) {
      // the first service of a name, as a scan of the list finds it
      this.byName = new Map();
      for (const s of this.services) if (!this.byName.has(s.name)) this.byName.set(s.name, s);
    }
    return this.byName.get(name);
  }

  private byName?: Map<string, ServiceInfo>;
  private owned?: Map<string, FileFacts[]>;

  /** The facts of the files in a service's folder (`ownerOf`), in the facts' order: rules asked this per service of every file. */
  ownedFiles(service: string): readonly FileFacts[] {
    if (!this.owned) {
      this.owned = new Map();
      for (const f of this.facts.values()) {
        const o = this.ownerOf(f.file);
        if (o !== undefined) (this.owned.get(o) ?? this.owned.set(o, []).get(o)!).push(f);
      }
    }
    return this.owned.get(service) ?? [];
  }

  /** Follows exports and re-exports to where `name` is declared: the file and its local name. */
  resolveExport(file: string, name: string, depth = 0): { file: string; local: string } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const f = this.facts.get(file);
    if (!f) return undefined;
    const local = f.exports[name];
    if (local !== undefined) {
      // `export { x }` where x was imported: follow the import
      const imp = f.imports[local];
      if (imp) {
        const target = this.modules.resolve(file, imp.module);
        // a namespace (`import * as m` re-exported, `export * as m from`): the module itself
        if (target && imp.name === '*') return { file: target, local: '*' };
        if (target) return this.resolveExport(target, imp.name === 'default' ? 'default' : imp.name, depth + 1);
        return undefined;
      }
      return { file, local };
    }
    for (const r of f.reexports) {
      if (r.names && !(name in r.names)) continue;
      const target = this.modules.resolve(file, r.module);
      if (!target) continue;
      const hit = this.resolveExport(target, r.names ? r.names[name]! : name, depth + 1);
      if (hit) return hit;
    }
    // a file without explicit exports declaring the name (CommonJS, or our extraction missed it)
    if (f.consts[name] || f.classes.some((c) => c.name === name) || f.functions.some((fn) => fn.name === name)) return { file, local: name };
    return undefined;
  }

  /** Resolves a Sym to text, reading `env` for environment variables. */
  resolve(sym: Sym | undefined, file: string, env: Record<string, string>, rc: ResolveContext = {}): Resolved {
    const out: Resolved = { text: '', envNames: [], complete: true };
    if (!sym) return { text: UNKNOWN, envNames: [], complete: false };
    this.resolveInto(sym, file, env, rc, 0, out);
    return out;
  }

  private resolveInto(sym: Sym, file: string, env: Record<string, string>, rc: ResolveContext, depth: number, out: Resolved): void {
    if (depth > MAX_DEPTH) {
      out.text += UNKNOWN;
      out.complete = false;
      return;
    }
    switch (sym.k) {
      case 'lit':
        out.text += sym.v;
        return;
      case 'cat':
        for (const p of sym.parts) this.resolveInto(p, file, env, rc, depth + 1, out);
        return;
      case 'call': {
        const fn = this.functionFor(sym, file);
        if (fn?.returns && depth < MAX_DEPTH - 2) {
          this.resolveInto(fn.returns, fn.id.slice(0, fn.id.indexOf('#')), env, { ...rc, binding: { args: sym.args, file, env } }, depth + 1, out);
          return;
        }
        out.text += UNKNOWN;
        out.complete = false;
        return;
      }
      case 'env': {
        if (!sym.name && sym.nameSym) {
          const name = this.resolve(sym.nameSym, file, env, rc);
          if (!name.complete) {
            out.text += UNKNOWN;
            out.complete = false;
            return;
          }
          this.resolveInto({ k: 'env', name: name.text, ...(sym.fallback ? { fallback: sym.fallback } : {}) }, file, env, rc, depth + 1, out);
          return;
        }
        out.envNames.push(sym.name);
        const v = env[sym.name];
        // `KEY=` in an .env template means "to be filled in", not the empty string
        if (v !== undefined && v !== '' && !/^\$\{/.test(v)) {
          out.text += v;
          return;
        }
        if (sym.fallback) {
          this.resolveInto(sym.fallback, file, env, rc, depth + 1, out);
          return;
        }
        out.text += UNKNOWN;
        out.complete = false;
        return;
      }
      case 'ref': {
        const target = this.lookupRef(sym, file, rc.thisValues, depth);
        if (target) {
          this.resolveInto(target.sym, target.file, env, rc, depth + 1, out);
          return;
        }
        out.text += UNKNOWN;
        out.complete = false;
        return;
      }
      case 'param': {
        const bound = rc.binding?.args[sym.index];
        const arg = bound && sym.path?.length ? pathInto(bound, sym.path) : bound;
        if (rc.binding && arg && arg.k !== 'unknown') {
          this.resolveInto(arg, rc.binding.file, rc.binding.env, {}, depth + 1, out);
          return;
        }
        if (sym.fallback) {
          this.resolveInto(sym.fallback, file, env, rc, depth + 1, out);
          return;
        }
        out.text += UNKNOWN;
        out.complete = false;
        return;
      }
      case 'obj': {
        // an object literal argument read whole: the canonical JSON text `evalSym` gives message patterns
        const keys = Object.keys(sym.props).sort();
        out.text += '{';
        keys.forEach((key, i) => {
          out.text += `${i ? ',' : ''}${JSON.stringify(key)}:`;
          const v = this.resolve(sym.props[key], file, env, rc);
          out.text += v.complete ? JSON.stringify(v.text) : `"${v.text}"`;
          out.envNames.push(...v.envNames);
          if (!v.complete) out.complete = false;
        });
        out.text += '}';
        return;
      }
      default:
        out.text += UNKNOWN;
        out.complete = false;
    }
  }

  private lookupRef(sym: Extract<Sym, { k: 'ref' }>, file: string, thisValues: Record<string, Sym> | undefined, depth: number): { sym: Sym; file: string } | undefined {
    if (sym.name === '#this') {
      const v = thisValues?.[sym.path[0] ?? ''];
      return v ? { sym: v, file } : undefined;
    }
    let declFile = file;
    let local = sym.name;
    if (sym.module !== undefined) {
      const target = this.modules.resolve(file, sym.module);
      if (!target) return undefined;
      const hit = this.resolveExport(target, sym.name, depth + 1);
      if (!hit) return undefined;
      declFile = hit.file;
      local = hit.local;
    }
    const f = this.facts.get(declFile);
    if (!f) return undefined;
    const key = [local, ...sym.path].join('.');
    const v = f.consts[key];
    if (v) return { sym: v, file: declFile };
    // `{ ...TicketSubjects, ...OrderSubjects }`: the member comes from one of the spread objects
    for (let i = 0; sym.path.length && f.consts[`${local}.<spread${i}>`]; i++) {
      const spread = f.consts[`${local}.<spread${i}>`]!;
      if (spread.k !== 'ref') continue;
      const hit = this.lookupRef({ ...spread, path: [...spread.path, ...sym.path] }, declFile, thisValues, depth + 1);
      if (hit) return hit;
    }
    // class static values: `Patterns.X` declared as `static readonly X = '...'`
    if (sym.path.length === 1) {
      const cls = f.classes.find((c) => c.name === local);
      const cv = cls?.values[sym.path[0]!];
      if (cv) return { sym: cv, file: declFile };
    }
    // the name is itself imported into the declaring file (`import { X } from './x'; export const Y = X`)
    const imp = f.imports[local];
    if (imp && (declFile !== file || sym.module === undefined)) {
      return this.lookupRef({ k: 'ref', module: imp.module, name: imp.name === '*' ? (sym.path[0] ?? '') : imp.name, path: imp.name === '*' ? sym.path.slice(1) : sym.path }, declFile, thisValues, depth + 1);
    }
    return undefined;
  }

  /** The function a `call` Sym names, as seen from `file`. */
  private functionFor(sym: Extract<Sym, { k: 'call' }>, file: string): FunctionFact | undefined {
    let target = file;
    let local = sym.name;
    if (sym.module !== undefined) {
      const t = this.modules.resolve(file, sym.module);
      if (!t) return undefined;
      const hit = this.resolveExport(t, sym.name);
      if (!hit) return undefined;
      target = hit.file;
      local = hit.local;
    }
    return this.functions.get(`${target}#${local}`);
  }

  /** Finds a class by name as seen from `file` (imported or local), falling back to a unique global match. */
  findClass(file: string, name: string, module?: string): { file: string; cls: ClassFact } | undefined {
    if (module !== undefined) {
      const target = this.modules.resolve(file, module);
      if (target) {
        const hit = this.resolveExport(target, name);
        if (hit) {
          const cls = this.facts.get(hit.file)?.classes.find((c) => c.name === hit.local);
          if (cls) return { file: hit.file, cls };
        }
      }
    } else {
      const local = this.facts.get(file)?.classes.find((c) => c.name === name);
      if (local) return { file, cls: local };
      const imp = this.facts.get(file)?.imports[name];
      if (imp) return this.findClass(file, imp.name === 'default' || imp.name === '*' ? name : imp.name, imp.module);
    }
    const all = this.classIndex.get(name);
    if (all && all.length >= 1) {
      // prefer a class in the same service
      const owner = this.ownerOf(file);
      return all.find((c) => this.ownerOf(c.file) === owner) ?? (all.length === 1 ? all[0] : undefined);
    }
    return undefined;
  }

  /** The function id implementing `member` on a class, walking up `extends`. */
  methodOf(file: string, cls: ClassFact, member: string, depth = 0): string | undefined {
    if (depth > 10) return undefined;
    const id = `${file}#${cls.name}.${member}`;
    if (this.functions.has(id)) return id;
    if (cls.extends) {
      const base = this.findClass(file, cls.extends.name, cls.extends.module);
      if (base) return this.methodOf(base.file, base.cls, member, depth + 1);
    }
    return undefined;
  }

  /** Subclasses (transitively) of a class, with their files. */
  subclassesOf(file: string, cls: ClassFact): { file: string; cls: ClassFact }[] {
    const children = this.childClasses();
    const out: { file: string; cls: ClassFact }[] = [];
    const queue = [{ file, cls }];
    const seen = new Set<string>([`${file}#${cls.name}`]);
    while (queue.length) {
      const cur = queue.shift()!;
      for (const c of children.get(`${cur.file}#${cur.cls.name}`) ?? []) {
        const key = `${c.file}#${c.cls.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(c);
        queue.push(c);
      }
    }
    return out;
  }

  private children?: Map<string, { file: string; cls: ClassFact }[]>;

  /** Each class's direct subclasses (base resolved once per class, in file order): subclassesOf without a scan per step. */
  private childClasses(): Map<string, { file: string; cls: ClassFact }[]> {
    if (this.children) return this.children;
    const children = new Map<string, { file: string; cls: ClassFact }[]>();
    for (const f of this.facts.values()) {
      for (const c of f.classes) {
        if (!c.extends) continue;
        const base = this.findClass(f.file, c.extends.name, c.extends.module);
        if (!base) continue;
        const key = `${base.file}#${base.cls.name}`;
        (children.get(key) ?? children.set(key, []).get(key)!).push({ file: f.file, cls: c });
      }
    }
    this.children = children;
    return children;
  }

  private implementors?: Map<string, { file: string; cls: ClassFact }[]>;

  /** Classes that extend or implement a type name, preferring those of the same service; at most a few. */
  implementationsOf(file: string, typeName: string): { file: string; cls: ClassFact }[] {
    if (!this.implementors) {
      // one pass over the class index instead of one per typed call (quadratic on large workspaces)
      this.implementors = new Map();
      for (const list of this.classIndex.values()) {
        for (const c of list) {
          for (const name of new Set([...(c.cls.implements ?? []), ...(c.cls.extends ? [c.cls.extends.name] : [])])) {
            (this.implementors.get(name) ?? this.implementors.set(name, []).get(name)!).push(c);
          }
        }
      }
    }
    const all = this.implementors.get(typeName) ?? [];
    const owner = this.ownerOf(file);
    const same = all.filter((c) => this.ownerOf(c.file) === owner);
    const pick = same.length ? same : all;
    return pick.length <= 3 ? [...pick] : [];
  }

  /** Values of `this.<field>` for a class including inherited ones (subclass wins). */
  classValues(file: string, cls: ClassFact, depth = 0): Record<string, Sym> {
    if (depth > 10) return {};
    let values: Record<string, Sym> = {};
    if (cls.extends) {
      const base = this.findClass(file, cls.extends.name, cls.extends.module);
      if (base) values = this.classValues(base.file, base.cls, depth + 1);
    }
    return { ...values, ...cls.values };
  }

  /** Resolves an in-process call to function ids. */
  resolveCall(fromFn: FunctionFact, ref: CallRef): string[] {
    const file = fromFn.id.slice(0, fromFn.id.indexOf('#'));
    switch (ref.k) {
      case 'this': {
        if (!fromFn.className) return [];
        const cls = this.facts.get(file)?.classes.find((c) => c.name === fromFn.className);
        if (!cls) return [];
        const m = this.methodOf(file, cls, ref.member);
        return m ? [m] : [];
      }
      case 'typed': {
        const cls = this.findClass(file, ref.type, ref.module);
        const m = cls ? this.methodOf(cls.file, cls.cls, ref.member) : undefined;
        if (m) return [m];
        // an abstract class or an interface (NestJS injects an implementation): its implementations' methods
        return this.implementationsOf(file, ref.type).map((c) => this.methodOf(c.file, c.cls, ref.member)).filter((x): x is string => !!x);
      }
      case 'named': {
        let target = file;
        let local = ref.name;
        if (ref.module !== undefined) {
          const t = this.modules.resolve(file, ref.module);
          if (!t) return [];
          const hit = this.resolveExport(t, ref.name);
          if (!hit) return [];
          target = hit.file;
          local = hit.local;
        }
        if (ref.member && local === '*') {
          // `helpers.send()` on a namespace exported by name: the module's export
          const hit = this.resolveExport(target, ref.member);
          return hit && this.functions.has(`${hit.file}#${hit.local}`) ? [`${hit.file}#${hit.local}`] : [];
        }
        if (ref.member) {
          const cls = this.facts.get(target)?.classes.find((c) => c.name === local);
          if (cls) {
            const m = this.methodOf(target, cls, ref.member);
            return m ? [m] : [];
          }
          const id = `${target}#${local}.${ref.member}`;
          return this.functions.has(id) ? [id] : [];
        }
        const id = `${target}#${local}`;
        if (this.functions.has(id)) return [id];
        const cls = this.facts.get(target)?.classes.find((c) => c.name === local);
        if (cls) {
          const ctor = `${target}#${local}.constructor`;
          return this.functions.has(ctor) ? [ctor] : [];
        }
        return [];
      }
    }
  }

  private callerIndex?: Map<string, { from: FunctionFact; site: CallSite }[]>;

  /** The call sites that call a function (resolved through the call graph). */
  callersOf(fnId: string): { from: FunctionFact; site: CallSite }[] {
    if (!this.callerIndex) {
      this.callerIndex = new Map();
      for (const fn of this.functions.values()) {
        for (const site of fn.calls as CallSite[]) {
          for (const target of this.resolveCall(fn, site)) {
            const list = this.callerIndex.get(target) ?? [];
            list.push({ from: fn, site });
            this.callerIndex.set(target, list);
          }
        }
      }
    }
    return this.callerIndex.get(fnId) ?? [];
  }

  /** Per kind, values worked out from a function's callers (see `fromCallers`). */
  private readonly byCallers = new Map<string, Map<string, unknown>>();

  /**
   * A value of `kind` for `fnId` that `make` works out from `callersOf(fnId)` and declarations only
   * (classes, imports): made once per program, and kept over a carried call graph unless the
   * function's callers changed.
   */
  fromCallers<T>(kind: string, fnId: string, make: () => T): T {
    let m = this.byCallers.get(kind);
    if (!m) this.byCallers.set(kind, (m = new Map()));
    if (m.has(fnId)) return m.get(fnId) as T;
    const v = make();
    m.set(fnId, v);
    return v;
  }

  private callNames?: Map<string, Set<string>>;

  /**
   * True when code of `service` calls something named `name` (`x.publish(`, `publish(`), resolved
   * or not: tells a wrapper that is used in ways we cannot follow from one nobody calls.
   */
  hasCallNamed(service: string, name: string): boolean {
    if (!this.callNames) {
      this.callNames = new Map();
      for (const fn of this.functions.values()) {
        const file = fn.id.slice(0, fn.id.indexOf('#'));
        for (const svc of this.servicesOf(file)) {
          const set = this.callNames.get(svc) ?? new Set<string>();
          for (const c of fn.calls) set.add(c.k === 'named' ? (c.member ?? c.name) : c.member);
          this.callNames.set(svc, set);
        }
      }
    }
    return this.callNames.get(service)?.has(name) ?? false;
  }

  private parents?: Map<string, string>;
  private reachCache = new Map<string, string[]>();

  /** The enclosing function of a nested one (callbacks, inline handlers). */
  parentOf(fnId: string): string | undefined {
    if (!this.parents) {
      this.parents = new Map();
      for (const fn of this.functions.values()) for (const child of fn.nested) this.parents.set(child, fn.id);
    }
    return this.parents.get(fnId);
  }

  /**
   * The services whose own code reaches a function through the call graph (callers and enclosing
   * functions, transitively): who really runs shared-library code, as opposed to who imports it.
   */
  servicesCalling(fnId: string): string[] {
    const cached = this.reachCache.get(fnId);
    if (cached) return cached;
    const found = new Set<string>();
    const seen = new Set<string>([fnId]);
    let frontier = [fnId];
    for (let depth = 0; depth < 10 && frontier.length; depth++) {
      const next: string[] = [];
      for (const id of frontier) {
        const up = this.callersOf(id).map((c) => c.from.id);
        const p = this.parentOf(id);
        if (p) up.push(p);
        for (const u of up) {
          if (seen.has(u)) continue;
          seen.add(u);
          const owner = this.ownerOf(u.slice(0, u.indexOf('#')));
          if (owner) found.add(owner);
          else next.push(u);
        }
      }
      frontier = next;
    }
    const out = [...found].sort();
    this.reachCache.set(fnId, out);
    return out;
  }

  private classRefs = new Map<string, string[]>();
  private importsByName?: Map<string, { file: string; module: string }[]>;

  /**
   * The services whose own files import a shared class by name (`import { AuthGuard } from
   * '@app/common'`, through barrels): who uses a class the framework calls (guards, interceptors,
   * handlers registered by decorator), as opposed to every service importing its package.
   */
  servicesImportingClass(file: string, className: string): string[] {
    const key = `${file}#${className}`;
    const cached = this.classRefs.get(key);
    if (cached) return cached;
    if (!this.importsByName) {
      // one pass over every file's imports, then each question reads only the imports of its name
      this.importsByName = new Map();
      for (const f of this.facts.values()) {
        for (const imp of Object.values(f.imports)) (this.importsByName.get(imp.name) ?? this.importsByName.set(imp.name, []).get(imp.name)!).push({ file: f.file, module: imp.module });
      }
    }
    const found = new Set<string>();
    for (const imp of this.importsByName.get(className) ?? []) {
      const owner = this.ownerOf(imp.file);
      if (!owner || found.has(owner)) continue;
      const target = this.modules.resolve(imp.file, imp.module);
      const hit = target ? this.resolveExport(target, className) : undefined;
      if (hit?.file === file && hit.local === className) found.add(owner);
    }
    const out = [...found].sort();
    this.classRefs.set(key, out);
    return out;
  }

  /**
   * The function whose parameters a call inside `fnId` uses and whose callers decide its flow:
   * `fnId` itself, or — for a function run in place (a promise executor, an iteration callback) —
   * the nearest enclosing function that is not.
   */
  wrapperFunction(fnId: string): string {
    let cur = fnId;
    for (let i = 0; i < 4 && this.functions.get(cur)?.inline && this.callersOf(cur).length === 0; i++) {
      const up = this.parentOf(cur);
      if (!up || up.endsWith('#<module>')) break;
      cur = up;
    }
    return cur;
  }

  /**
   * A wrapper whose target is a parameter but whose callers in this service we could not follow:
   * worth reporting (unresolved) only when the service's code calls something of its name; a
   * wrapper nobody calls (a copied helper, dead code) says nothing about communication.
   */
  wrapperUsedIn(fnId: string, service: string): boolean {
    const short = this.functions.get(fnId)?.name.split('.').pop();
    return !short || short.startsWith('<') || this.hasCallNamed(service, short);
  }

  /** Function ids called by (and nested in) a function. */
  calleesOf(fnId: string): string[] {
    const cached = this.callees.get(fnId);
    if (cached) return cached;
    const fn = this.functions.get(fnId);
    const out = new Set<string>(fn?.nested ?? []);
    if (fn) for (const ref of fn.calls) for (const id of this.resolveCall(fn, ref)) out.add(id);
    const list = [...out];
    this.callees.set(fnId, list);
    return list;
  }

  /** Every function reachable from `start` (including itself). */
  reachable(start: string): Set<string> {
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length) {
      const cur = queue.pop()!;
      for (const next of this.calleesOf(cur)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  }

  /** Resolves a handler reference produced by `FileContext.handlerRef`. */
  resolveHandler(ref: string, file: string): string {
    if (!ref.startsWith('@import:')) return ref;
    const rest = ref.slice('@import:'.length);
    const colon = rest.lastIndexOf(':');
    const module = rest.slice(0, colon);
    const [name, ...members] = rest.slice(colon + 1).split('.');
    const target = this.modules.resolve(file, module);
    if (!target) return ref;
    const hit = this.resolveExport(target, name === '*' ? (members.shift() ?? '') : name!);
    if (!hit) return ref;
    if (members.length) {
      const cls = this.facts.get(hit.file)?.classes.find((c) => c.name === hit.local);
      if (cls) return this.methodOf(hit.file, cls, members[members.length - 1]!) ?? ref;
      return `${hit.file}#${[hit.local, ...members].join('.')}`;
    }
    return `${hit.file}#${hit.local}`;
  }

  /**
   * Takes over (and takes from: `previous` is not to be used afterwards) what `previous` — a Program
   * over the same services, module resolution and file list — worked out about the call graph, when the `changed` files differ from its facts only
   * inside function bodies (same imports, exports, constants, classes and named functions): what
   * other files' calls resolve to is then unchanged, so only the changed files' own call sites are
   * resolved again, and each list keeps the order a fresh build gives. Anything not taken over is
   * built on demand, as in any new Program.
   */
  adopt(previous: Program, changed: ReadonlySet<string>): void {
    const fileOf = (id: string): string => id.slice(0, id.indexOf('#'));
    const inChanged = (id: string): boolean => changed.has(fileOf(id));
    for (const [k, v] of previous.fileOwner) this.fileOwner.set(k, v);
    for (const [k, v] of previous.reaching) this.reaching.set(k, v);
    for (const [k, v] of previous.callees) if (!inChanged(k)) this.callees.set(k, v);
    if (previous.rootIndex) this.rootIndex = previous.rootIndex;
    if (previous.children) this.children = previous.children;
    if (previous.implementors) this.implementors = previous.implementors;
    if (previous.callerIndex) {
      const rank = new Map<string, number>();
      for (const f of this.facts.keys()) rank.set(f, rank.size);
      const rankOf = (c: { from: FunctionFact }): number => rank.get(fileOf(c.from.id)) ?? -1;
      const touched = new Set<string>();
      for (const f of changed) for (const fn of previous.facts.get(f)?.functions ?? []) for (const site of fn.calls) for (const t of previous.resolveCall(fn, site)) touched.add(t);
      const added = new Map<string, { from: FunctionFact; site: CallSite }[]>();
      for (const f of changed) {
        for (const fn of this.facts.get(f)?.functions ?? []) {
          for (const site of fn.calls as CallSite[]) {
            for (const t of this.resolveCall(fn, site)) {
              touched.add(t);
              (added.get(t) ?? added.set(t, []).get(t)!).push({ from: fn, site });
            }
          }
        }
      }
      // taken over, not copied: the previous program is not used again
      const index = previous.callerIndex;
      previous.callerIndex = undefined;
      for (const t of touched) {
        // a stable sort by file keeps each file's callers together and in their order
        const list = [...(index.get(t) ?? []).filter((c) => !inChanged(c.from.id)), ...(added.get(t) ?? [])].sort((a, b) => rankOf(a) - rankOf(b));
        if (list.length) index.set(t, list);
        else index.delete(t);
      }
      this.callerIndex = index;
      // values made from a function's callers hold for every function whose callers did not change
      for (const [kind, m] of previous.byCallers) {
        const kept = new Map<string, unknown>();
        for (const [k, v] of m) if (!touched.has(k)) kept.set(k, v);
        this.byCallers.set(kind, kept);
      }
    }
    if (previous.parents) {
      // nested functions live in the file of their parent: only the changed files' entries move
      const parents = previous.parents;
      previous.parents = undefined;
      for (const f of changed) {
        for (const fn of previous.facts.get(f)?.functions ?? []) {
          parents.delete(fn.id);
          for (const child of fn.nested) parents.delete(child);
        }
      }
      for (const f of changed) for (const fn of this.facts.get(f)?.functions ?? []) for (const child of fn.nested) parents.set(child, fn.id);
      this.parents = parents;
    }
    if (previous.reachCache.size) {
      // which services reach a function climbs its callers: only functions below the changed files
      // (their functions before and after, and all they call, transitively) can climb into a caller
      // list that changed; every other function's answer is kept
      const below = new Set<string>();
      const queue: string[] = [];
      const add = (id: string): void => {
        if (below.has(id)) return;
        below.add(id);
        queue.push(id);
      };
      for (const f of changed) {
        for (const fn of previous.facts.get(f)?.functions ?? []) {
          add(fn.id);
          for (const id of previous.calleesOf(fn.id)) add(id);
        }
        for (const fn of this.facts.get(f)?.functions ?? []) add(fn.id);
      }
      while (queue.length) for (const id of this.calleesOf(queue.pop()!)) add(id);
      for (const [k, v] of previous.reachCache) if (!below.has(k)) this.reachCache.set(k, v);
    }
    if (previous.callNames) {
      // the names each service calls: unchanged when the changed files call the same names as before
      const names = (facts: FileFacts | undefined): string => [...new Set((facts?.functions ?? []).flatMap((fn) => fn.calls.map((c) => (c.k === 'named' ? (c.member ?? c.name) : c.member))))].sort().join('\n');
      if ([...changed].every((f) => names(previous.facts.get(f)) === names(this.facts.get(f)))) this.callNames = previous.callNames;
    }
  }
}
