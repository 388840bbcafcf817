/**
 * The analysis model: plain data that every surface (CLI, language server, reports) reads.
 * Paths are relative to the analysed root with forward slashes; lines and columns are 1-based.
 */

/** The five communication styles, exactly these names in every output. */
export const STYLES = [
  'sync-request-response',
  'async-request-response',
  'fire-and-forget',
  'event',
  'common-data',
] as const;

/** How one interaction communicates. */
export type Style = (typeof STYLES)[number];

/** Severity of a finding, as in LSP and SARIF. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A place in the analysed code. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** A deployable unit that other services talk to. */
export interface Service {
  name: string;
  /** Folder of the service, relative to the analysed root ("" for the root itself). */
  root: string;
  /** Host names other services use to reach it (docker-compose/Kubernetes names, aliases). */
  hosts: string[];
  /** Ports it listens on, when known. */
  ports: number[];
  /** How the service was found. */
  discoveredBy: string[];
  /** Present when the service is known (from manifests) but its code is not analysed. */
  notAnalysed?: boolean;
}

/** The kinds of endpoint a service offers. */
export type EndpointKind = 'http' | 'message' | 'grpc' | 'graphql' | 'data';

/** Something a service offers: a route, a message/event handler, an RPC or a data store it shares. */
export interface Endpoint {
  id: string;
  service: string;
  kind: EndpointKind;
  file: string;
  line: number;
  column: number;
  /** The framework or library that declared it (express, nestjs, fastify, kafkajs, ...). */
  framework: string;
  method?: string;
  path?: string;
  channel?: string;
  /** The mechanism messages arrive by (kafka, rabbitmq, nats, nestjs-tcp, ...), for message endpoints. */
  mechanism?: string;
  /** For AMQP bindings: the exchange the consumer's queue is bound to (its routing pattern is `channel`). */
  exchange?: string;
  /** The queue (or subscription) a message consumer reads. */
  queue?: string;
  /** The in-process function that handles it. */
  handler?: string;
  /** For message handlers: the payload fields the handler reads, when the handler can be read. */
  reads?: PayloadFields;
}

/** Top-level fields of a message; `open` when there may be more than listed (a spread, a payload handed on). */
export interface PayloadFields {
  fields: string[];
  open?: boolean;
  /** Where the fields are (first) read, for a handler. */
  line?: number;
  column?: number;
}

/** One place where a service calls, notifies or shares data with another. */
export interface Interaction {
  id: string;
  service: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  mechanism: string;
  library: string;
  /** A readable description of what is reached: "POST http://payments/charges", "kafka order.created". */
  target: string;
  style: Style;
  /** The services reached: the server of a request, every subscriber of an event, every sharer of data. */
  callees: string[];
  /** The endpoints reached. */
  endpoints: string[];
  /** Why the target could not be resolved, when it could not. */
  unresolved?: string;
  /** The data store, for common-data interactions. */
  store?: string;
  /** read or write, for common-data interactions. */
  access?: 'read' | 'write';
  /** The service that owns the data store (migrates, declares or alone inserts into it), when the code tells. */
  owner?: string;
  /** The channel, for messaging. */
  channel?: string;
  /** The in-process function that contains the call. */
  function?: string;
  /** For publishes and message requests: the fields of the message sent, when they can be told. */
  payload?: PayloadFields;
  /** For a call inside a thin wrapper: the business-level call site that supplied its target. */
  callSite?: { file: string; line: number; column: number };
  /** Facts rules need (timeout present, inside a loop, error handled, ...). */
  traits?: InteractionTraits;
}

/** Syntactic facts about a call site that findings use. */
export interface InteractionTraits {
  hasTimeout?: boolean;
  inLoop?: boolean;
  errorHandled?: boolean;
  hardCodedHost?: string;
  responseChecked?: boolean;
  /** The call's promise is returned un-awaited: the callers' use decides the style. */
  returned?: boolean;
}

/** A maximal synchronous chain: service to service through sync-request-response calls. */
export interface Chain {
  services: string[];
  interactions: string[];
  /** True when the chain closes on a service it already visited. */
  cycle?: boolean;
  /** The endpoint whose handling starts the chain, when it starts inside one. */
  entry?: string;
}

/** A finding of a rule. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  related?: { message: string; file: string; line: number; column?: number }[];
}

/** A message about input that could not be analysed (parse errors, skipped files). */
export interface Diagnostic {
  file?: string;
  message: string;
}

/** A message broker the services' configuration names (host without credentials). */
export interface Broker {
  protocol: 'kafka' | 'amqp' | 'amqps' | 'nats' | 'redis' | 'mqtt';
  /** `host:port` as configured. */
  host: string;
  /** The services whose configuration names it. */
  services: string[];
}

/** The whole result of analysing one root. */
export interface AnalysisResult {
  schemaVersion: 1;
  root: string;
  services: Service[];
  endpoints: Endpoint[];
  interactions: Interaction[];
  chains: Chain[];
  findings: Finding[];
  /** The message brokers the configuration names, when it names any. */
  brokers?: Broker[];
  messages: Diagnostic[];
  stats: { files: number; analysedFiles: number; millis: number };
}
