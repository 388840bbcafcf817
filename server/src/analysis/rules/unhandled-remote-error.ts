/**
 * unhandled-remote-error: a remote call whose failure nobody handles (the crash and omission
 * failure modes). A call not awaited and without `.catch`, a reply subscribed to without an error
 * callback, or an awaited call with no try/catch on any way up to an entry point whose framework
 * does not catch errors either (Express 4, raw broker callbacks).
 */
import type { Program } from '../link/program';
import type { Endpoint, Interaction } from '../model';
import { endpointLabel, reachOf } from './reach';
import { defineRule, type RuleContext, type RuleFinding } from './rule';

/** Frameworks that turn a failing async handler into an error response, a retry or a failed job. */
const CATCHING_FRAMEWORKS = new Set(['nestjs', 'fastify', 'koa', 'hono', 'nextjs', 'tsoa', 'graphql', 'apollo', 'moleculer', 'trpc', 'kafkajs', 'bull', 'bullmq', '@golevelup/nestjs-rabbitmq', 'golevelup', 'sqs-consumer', 'serverless', 'lambda']);

/** Frameworks known to leave a rejected async handler unhandled. */
const LEAKING_FRAMEWORKS = new Set(['express', 'grpc-js', 'node-http', 'http', 'amqplib', 'nats', 'node-nats-streaming', 'ioredis', 'redis', 'socket.io', 'pubsub', '@google-cloud/pubsub']);

/** Messaging mechanisms whose client libraries catch a failing handler (kafkajs retries, queues fail the job). */
const CATCHING_MECHANISMS = new Set(['kafka', 'bullmq', 'bull', 'sqs']);

/** True when there is a way from `from` to `to` in the call graph on which no call is inside a try/catch. */
function unguardedPath(program: Program, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length) {
    const cur = queue.pop()!;
    if (cur === to) return true;
    const fn = program.functions.get(cur);
    if (!fn) continue;
    const next: string[] = [];
    for (const id of fn.nested) if (!program.functions.get(id)?.guarded) next.push(id);
    for (const site of fn.calls) if (!site.guarded) next.push(...program.resolveCall(fn, site));
    for (const n of next) {
      if (seen.has(n)) continue;
      seen.add(n);
      queue.push(n);
    }
  }
  return false;
}

/** Does the service make Express catch async errors (Express 5, express-async-errors)? */
function expressCatches(ctx: RuleContext, service: string, cache: Map<string, boolean>): boolean {
  const hit = cache.get(service);
  if (hit !== undefined) return hit;
  let catches = false;
  for (const f of ctx.program.ownedFiles(service)) {
    if (Object.values(f.imports).some((i) => i.module === 'express-async-errors' || i.module === '@awaitjs/express' || i.module === 'express-promise-router')) catches = true;
  }
  const root = ctx.program.service(service)?.root ?? '';
  for (const dir of [root, '']) {
    const text = ctx.sources(dir ? `${dir}/package.json` : 'package.json');
    if (!text) continue;
    try {
      const pkg = JSON.parse(text) as { dependencies?: Record<string, string> };
      const v = pkg.dependencies?.express;
      if (v && /^[\^~>=]*\s*5/.test(v)) catches = true;
      if (pkg.dependencies?.['express-async-errors']) catches = true;
    } catch {
      // not JSON: nothing learnt
    }
  }
  cache.set(service, catches);
  return catches;
}

/** A wrapper such as `asyncHandler(async (req, res) => ...)` around an Express handler catches for it. */
function wrappedHandler(ctx: RuleContext, ep: Endpoint): boolean {
  const text = ctx.sources(ep.file);
  if (!text) return false;
  const fnLine = ep.handler ? ctx.program.functions.get(ep.handler)?.line : undefined;
  const lines = text.split('\n').slice(ep.line - 1, Math.max(ep.line, fnLine ?? ep.line));
  // skip the route call itself (`router.get(`), look for a call wrapping the handler
  const registration = lines.join('\n').replace(/^[^(]*\(/, '');
  for (const m of registration.matchAll(/\b(\w+)\s*\(/g)) {
    const name = m[1]!;
    if (name !== 'async' && name !== 'function' && /async|catch|wrap|handler|errors?|safe|try/i.test(name)) return true;
  }
  return false;
}

/** Does the entry point's framework catch what its handler throws? */
function entryCatches(ctx: RuleContext, ep: Endpoint, expressCache: Map<string, boolean>): boolean {
  const fw = ep.framework;
  if (CATCHING_FRAMEWORKS.has(fw)) return true;
  if (fw === 'express') {
    if (expressCatches(ctx, ep.service, expressCache)) return true;
    // (a handler is the entry point of many calls: its file's text is split once, not per call)
    const key = `\u0000${ep.id}`;
    if (!expressCache.has(key)) expressCache.set(key, wrappedHandler(ctx, ep));
    return expressCache.get(key)!;
  }
  if (LEAKING_FRAMEWORKS.has(fw)) return false;
  if (ep.kind === 'message' && ep.mechanism && CATCHING_MECHANISMS.has(ep.mechanism)) return true;
  // a framework we do not know: assume it catches rather than guess
  return true;
}

function at(i: Interaction): Pick<RuleFinding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { file: i.file, line: i.line, column: i.column, endLine: i.endLine, endColumn: i.endColumn };
}

export const unhandledRemoteError = defineRule({
  id: 'unhandled-remote-error',
  description: 'A remote call can fail and nothing handles the failure: no try/catch or .catch on the way to an entry point that does not catch either.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    const reach = reachOf(ctx.program, model);
    const expressCache = new Map<string, boolean>();
    const out: RuleFinding[] = [];
    for (const i of model.interactions) {
      if (!i.callees.length || i.traits?.errorHandled !== false) continue;
      const who = i.callees.join(', ');
      if (i.style === 'fire-and-forget') {
        // an un-subscribed NestJS observable is never sent at all: a different mistake
        if (i.mechanism.startsWith('nestjs-') || i.library === '@nestjs/axios') continue;
        out.push({ message: `${i.target} to ${who} is not awaited and has no .catch: if ${who} is down or answers with an error, the rejection is unhandled (Node.js ends the process on an unhandled rejection by default). Add .catch(...) to log or retry it.`, ...at(i) });
      } else if (i.style === 'async-request-response') {
        out.push({ message: `The reply of ${i.target} from ${who} is handled without an error handler: when ${who} fails, the error is unhandled. Add an error callback (subscribe({ next, error })) or .catch(...).`, ...at(i) });
      } else if (i.style === 'sync-request-response') {
        const leaking = reach.entriesOf(i.function, i.service).filter((ep) => ep.handler && !entryCatches(ctx, ep, expressCache) && unguardedPath(ctx.program, ep.handler, i.function!));
        if (!leaking.length) continue;
        const eps = leaking.slice(0, 5);
        out.push({
          message: `If ${who} fails or times out, the error of ${i.target} is caught nowhere on the way up to ${eps.map(endpointLabel).join(', ')}, and ${eps[0]!.framework} does not catch it either: the request or message is left hanging with an unhandled rejection. Wrap the call in try/catch and answer with a fallback or an error.`,
          ...at(i),
          related: eps.map((ep) => ({ message: `entry point ${endpointLabel(ep)} (${ep.framework})`, file: ep.file, line: ep.line, column: ep.column })),
        });
      }
    }
    return out;
  },
});
