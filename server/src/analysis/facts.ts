/**
 * Per-file facts: what one file says, extracted without looking at any other file.
 * Facts are plain JSON (no syntax nodes) so they can be cached by content hash and
 * re-linked cheaply when another file changes.
 */
import type { InteractionTraits, Style } from './model';

/**
 * A string value known statically, or the recipe to compute it once other files and the
 * environment are known (link time).
 */
export type Sym =
  | { k: 'lit'; v: string }
  /** `process.env.NAME`, `config.get('NAME')`, with a fallback (`?? 'x'`, `|| 'x'`). */
  | { k: 'env'; name: string; fallback?: Sym; nameSym?: Sym }
  /** The value a function returns for these arguments (`getUsersServiceUrl()`, `buildUrl(id)`). */
  | { k: 'call'; module?: string; name: string; member?: string; args: Sym[] }
  /** A named value: a local or imported constant, enum member or object property path. */
  | { k: 'ref'; module?: string; name: string; path: string[] }
  | { k: 'cat'; parts: Sym[] }
  /**
   * A parameter of the enclosing function (or a property path into it, `def.subject`): bound at
   * each call site when the function is a wrapper.
   */
  | { k: 'param'; index: number; name: string; fallback?: Sym; path?: string[] }
  /** An object literal passed as a call argument, kept by property so a wrapper can read `opts.topic`. */
  | { k: 'obj'; props: Record<string, Sym> }
  | { k: 'unknown'; text: string };

/** Where a function-like callee lives, resolved at link time into a function id. */
export type CallRef =
  /** A function or class in this file, or imported (`module` set): `name` then members. */
  | { k: 'named'; module?: string; name: string; member?: string }
  /** A method of the enclosing class (`this.m()`). */
  | { k: 'this'; member: string }
  /** A method on a value of a declared type: `this.repo.save()` with `repo: OrdersRepo`. */
  | { k: 'typed'; module?: string; type: string; member: string };

/** An in-process call with where it is and the static values of its arguments (for wrappers). */
export type CallSite = CallRef & {
  line?: number;
  column?: number;
  args?: Sym[];
  /** The call runs once per item: in a loop or an array-iteration callback. */
  inLoop?: true;
  /** A failure of the call is caught where it is made: a try with catch, or `.catch(...)`. */
  guarded?: true;
  /** How the site uses the result when it does not wait for it: handled later, or dropped. */
  flow?: 'async' | 'dropped';
};

/** A function-like unit of code: entry points and call sites hang off these. */
export interface FunctionFact {
  /** `file#Class.method`, `file#name` or `file#<fn@line:col>`; `file#<module>` for top level. */
  id: string;
  name: string;
  line: number;
  /** The class it belongs to, for methods. */
  className?: string;
  /** Calls to other in-process functions. */
  calls: CallSite[];
  /** Nested function ids (callbacks, inline handlers): reachable from this one. */
  nested: string[];
  /** Created inside a try/catch (or a `.catch` chain) of the enclosing function, which may catch its failures. */
  guarded?: true;
  /** What the function returns, when a single expression decides it (config getters, URL builders). */
  returns?: Sym;
  /**
   * Run in place by its enclosing function (a promise executor, an array-iteration callback, an
   * IIFE), as opposed to registered to run later (event handlers, timers).
   */
  inline?: true;
}

/** A class declaration's shape (for `this.x.m()` resolution and inheritance). */
export interface ClassFact {
  name: string;
  line: number;
  exported: boolean;
  extends?: { module?: string; name: string };
  /** Field name → declared type (constructor parameter properties included). */
  fields: Record<string, { module?: string; type: string; token?: Sym }>;
  /** Field name → value assigned (for class-based publishers: `subject = Subjects.OrderCreated`). */
  values: Record<string, Sym>;
  methods: string[];
  decorators: string[];
  /** Interfaces or classes it implements (names as written). */
  implements?: string[];
  abstract?: boolean;
}

/** A remote call, publish or data access found in the code. */
export interface CallFact {
  mechanism: string;
  library: string;
  /** request | publish | data-read | data-write */
  role: 'request' | 'publish' | 'data-read' | 'data-write';
  style: Style;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  function: string;
  method?: string;
  url?: Sym;
  /** A named client whose configuration supplies a base URL or transport (`axios.create`, ClientsModule token). */
  client?: ClientRef;
  channel?: Sym;
  /** Extra routing data (exchange, routing key, pattern object JSON). */
  exchange?: Sym;
  store?: Sym;
  /** For data accesses: how `store` names the store and what the access does. */
  data?: DataAccessFact;
  traits: InteractionTraits;
  /** For class-based publishers: the field of `this` that holds the channel. */
  channelField?: string;
  /** Further channels reached by the same call (a Kafka `sendBatch` over several topics). */
  channels?: Sym[];
  /** AMQP exchange type (fanout, direct, topic, headers) when declared next to the publish. */
  exchangeType?: string;
  /** A publisher class whose base class comes from a package: publishes happen where its instances call `publish`. */
  className?: string;
  /** For publishes: the shape of the message sent, when it can be told. */
  payload?: PayloadShape;
  /** For EventBridge puts: each entry's source and detail type, matched against rules' patterns. */
  entries?: { source?: Sym; detailType?: Sym }[];
}

/** The top-level fields a message carries; `open` when more may be sent than listed. */
export interface PayloadShape {
  fields: string[];
  open?: boolean;
}

/** What a message handler does with the payload it receives. */
export interface PayloadUse {
  /** true: validated before use; false: used without validation; absent: cannot tell (handed to other code). */
  validated?: boolean;
  /** Top-level fields read from the payload. */
  reads: string[];
  /** The handler may read more than `reads` (the payload is handed on, spread or indexed dynamically). */
  open?: boolean;
  /** Where the payload is first used. */
  line?: number;
  column?: number;
}

/** The kinds of data store a service can share. */
export type DataKind = 'table' | 'collection' | 'keyspace' | 'bucket' | 'file';

/** What a data access does: `create` inserts, `update`/`delete` change, `read` only reads. */
export type DataOp = 'read' | 'create' | 'update' | 'delete';

/** How a data access names its store; resolved at link time against schema declarations. */
export interface DataAccessFact {
  kind: DataKind;
  /**
   * How `CallFact.store` names the store: `name` is the store's own name (table, collection,
   * key space, bucket, path); `prisma-model` a Prisma client accessor (`prisma.order`); `symbol` a
   * class or variable (entity, model, Drizzle table) declared in this file or imported from
   * `module`; `model-name` a registered model name (`@InjectModel('Order')`); `sql` a SQL
   * statement whose tables are read at link time (its text may live in another file);
   * `this-field` a model or repository held in a field of a generic base class (`this.model` of an
   * `AbstractRepository<T>`), resolved per subclass from what the subclass injects.
   */
  via: 'name' | 'prisma-model' | 'symbol' | 'model-name' | 'sql' | 'this-field';
  module?: string;
  op: DataOp;
  /** The instance the access goes through (`file#var`), when it may hold a connection. */
  connection?: string;
  /** For `this-field`: the class whose field it is. */
  className?: string;
}

/** A declared data store: an entity, a model, a table definition or a migration that creates it. */
export interface SchemaFact {
  library: string;
  kind: 'table' | 'collection';
  /** The store's name (table or collection); absent for aliases. */
  store?: Sym;
  /** The code name bound to it: a class or variable (`Order`, `orders`), `<default>` for a default export. */
  symbol?: string;
  /** The registered model name (mongoose/sequelize `model('Order')`, the Prisma model name). */
  model?: string;
  /** What this symbol stands for instead (a custom TypeORM repository of an entity). */
  aliasOf?: { module?: string; name: string };
  /** `migration`: the file creates the store (DDL, migrations); `schema`: it declares its shape. */
  defines: 'migration' | 'schema';
  /** Number of declared fields, when known (a fuller declaration hints at the owner). */
  fields?: number;
  line: number;
}

/** A database connection configured in code or a schema: a URL, or host/port/database parts. */
export interface DatabaseFact {
  library: string;
  /** postgres, mysql, sqlite, mssql, mongodb, redis, ... when known. */
  engine?: string;
  url?: Sym;
  host?: Sym;
  port?: Sym;
  database?: Sym;
  schema?: Sym;
  /** The variable or class field that holds the connection (`file#var`). */
  id?: string;
  line: number;
}

/** A reference to a configured client: an instance variable or an injection token. */
export type ClientRef =
  | { k: 'instance'; id: string }
  | { k: 'token'; token: Sym }
  | { k: 'grpc-service'; token?: Sym; service: Sym };

/** A client configuration: `axios.create({ baseURL })`, a NestJS ClientsModule entry, ... */
export interface ClientFact {
  /** Instance id (`file#var`) or token text. */
  id?: string;
  token?: Sym;
  library: string;
  transport?: string;
  baseUrl?: Sym;
  host?: Sym;
  port?: Sym;
  /** gRPC package, Kafka client id, RabbitMQ queue, ... */
  options?: Record<string, Sym>;
  line: number;
  timeout?: boolean;
}

/** Something this file offers to other services. */
export interface EndpointFact {
  kind: 'http' | 'message' | 'grpc' | 'graphql';
  framework: string;
  mechanism?: string;
  method?: string;
  path?: Sym;
  /** Prefix of the enclosing controller or router, when local. */
  prefix?: Sym;
  channel?: Sym;
  /** An AMQP binding: exchange and routing pattern the consumer's queue is bound to. */
  exchange?: Sym;
  /** The router/app variable the route was added to (`file#var`), for mount prefixes. */
  router?: string;
  line: number;
  column: number;
  handler: string;
  /** For class-based listeners: the field of `this` that holds the channel. */
  channelField?: string;
  className?: string;
  /** The queue a message consumer reads (AMQP queue, SQS queue URL, Pub/Sub subscription). */
  queue?: Sym;
  /** AMQP exchange type when declared next to the binding. */
  exchangeType?: string;
  /** The client the subscription is made on, when it is an instance imported from another file. */
  client?: ClientRef;
  /** The function that makes the subscription: a wrapper whose callers supply the channel when it is a parameter. */
  function?: string;
  /** For message handlers: what the handler does with the payload, when the handler is in this file. */
  payload?: PayloadUse;
}

/** Broker topology declared in code: an AMQP exchange's type, a subscription that routes one channel into another. */
export interface BrokerFact {
  mechanism: string;
  kind: 'exchange' | 'route';
  /** The exchange, or the channel messages are routed to (queue, subscription). */
  name: Sym;
  /** Exchange type (fanout, direct, topic, headers). */
  type?: string;
  /** For routes: the channel messages come from (SNS topic, Pub/Sub topic). */
  source?: Sym;
  line: number;
}

/** `app.use('/api', router)`: routes of `child` appear under `prefix` of `parent`. */
export interface MountFact {
  parent: string;
  prefix: Sym;
  /** Set for tRPC: a router nested under `name.` (its parent is a router even when it declares no procedure itself). */
  framework?: 'trpc';
  child: { k: 'local'; id: string } | { k: 'import'; module: string; name: string };
}

/** A hint that this file starts a server or process (used to find services). */
export interface StartFact {
  kind: 'listen' | 'nest' | 'nest-microservice' | 'fastify' | 'koa' | 'hono' | 'worker' | 'serverless' | 'next';
  port?: Sym;
  /** The global prefix set with `app.setGlobalPrefix`. */
  globalPrefix?: Sym;
  transport?: string;
  /** Transport options of a microservice server (RabbitMQ queue, Kafka group, ...). */
  options?: Record<string, Sym>;
  line: number;
}

/** Marks a handler path in serverless.ts facts as relative to the analysed root (not to the file's folder). */
export const ROOT_PATH = '//root/';

/**
 * A value in infrastructure code, kept as written so it can be interpreted at link time: a string,
 * a reference to a construct or wiring call (`table.tableName`, `fn`), a list, an object, a file
 * path (`path.join(__dirname, '../src/orders')`), or something else.
 */
export type InfraValue =
  | { k: 'sym'; sym: Sym }
  /**
   * A construct or call recorded in `infra` (`at`), or named (a variable or prop) elsewhere; `attr`
   * the property read from it; `props` the construct class whose constructor props hold `name`.
   */
  | { k: 'ref'; at?: string; name?: string; attr?: string[]; props?: string }
  | { k: 'list'; items: InfraValue[] }
  | { k: 'obj'; props: Record<string, InfraValue> }
  /** A file path relative to the analysed root (`from: 'file'`), or to the app's working folder (`from: 'app'`). */
  | { k: 'path'; path: string; from: 'file' | 'app' }
  /** A member of an imported enum-like class (`lambda.Runtime.PYTHON_3_12`, `HttpMethod.GET`). */
  | { k: 'member'; text: string }
  | { k: 'other'; text: string };

/** A construct (`new Function(this, 'Orders', {...})`) or a wiring call (`rule.addTarget(...)`) in CDK code. */
export interface InfraFact {
  /** `field`: a class field's value (`this.table = ...`), in `args[0]`. */
  kind: 'construct' | 'call' | 'field';
  /** Where it is: `file:line:column`, the id references use. */
  at: string;
  line: number;
  column: number;
  /** For constructs: the class and the module it is imported from. */
  cls?: string;
  module?: string;
  /** For calls: the method and what it is called on. */
  method?: string;
  recv?: InfraValue;
  args: InfraValue[];
  /** The variable or class field the result is assigned to (for fields: the field). */
  name?: string;
  /** The class the record is written in. */
  owner?: string;
  /** A construct class of the app itself (not from a CDK module). */
  user?: true;
}

/** An import binding: local name → module and the imported name (`default`, `*` or a name). */
export interface ImportFact {
  module: string;
  name: string;
}

/** Everything one file says. */
export interface FileFacts {
  file: string;
  hash: string;
  imports: Record<string, ImportFact>;
  /** Exported name → local name. */
  exports: Record<string, string>;
  /** `export * from` / `export { x } from` modules. */
  reexports: { module: string; names?: Record<string, string> }[];
  /** Top-level constants, enum members (`Enum.Member`) and object paths (`config.url`). */
  consts: Record<string, Sym>;
  classes: ClassFact[];
  functions: FunctionFact[];
  calls: CallFact[];
  endpoints: EndpointFact[];
  mounts: MountFact[];
  clients: ClientFact[];
  starts: StartFact[];
  /** Broker topology (exchanges, routes); absent when the file declares none. */
  brokers?: BrokerFact[];
  /** Data stores this file declares (entities, models, tables, migrations); absent when none. */
  schemas?: SchemaFact[];
  /** Database connections this file configures; absent when none. */
  databases?: DatabaseFact[];
  /** Infrastructure-as-code records (AWS CDK constructs and their wiring calls); absent when none. */
  infra?: InfraFact[];
  /** A Serverless Framework configuration (`serverless.ts`) or a function definition it imports, as data. */
  serverless?: { kind: 'config' | 'function'; value: unknown };
  /** Problems reading this file. */
  messages: string[];
  /** Set when the file could not be analysed at all (why): it is reported once and left out. */
  skipped?: string;
}

/** An empty facts record for a file. */
export function emptyFacts(file: string, hash: string): FileFacts {
  return {
    file,
    hash,
    imports: {},
    exports: {},
    reexports: [],
    consts: {},
    classes: [],
    functions: [],
    calls: [],
    endpoints: [],
    mounts: [],
    clients: [],
    starts: [],
    messages: [],
  };
}
