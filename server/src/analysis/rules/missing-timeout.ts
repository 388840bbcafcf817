/**
 * missing-timeout: a synchronous remote call with no timeout (the timing failure mode).
 */
import { defineRule } from './rule';

/** Mechanisms whose requests wait forever unless told otherwise: HTTP, gRPC, NestJS microservice clients. */
const BOUNDLESS = /^(http|grpc|nestjs-)/;

/** Libraries with a default timeout of their own (@fastify/http-proxy through @fastify/reply-from). */
const TIMED_LIBRARIES = new Set(['@fastify/http-proxy', 'fastify-http-proxy']);

export const missingTimeout = defineRule({
  id: 'missing-timeout',
  description: 'A synchronous remote call has no timeout, so a slow service makes the caller wait without bound.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model) {
    return model.interactions
      .filter((i) => i.style === 'sync-request-response' && i.callees.length > 0 && i.traits?.hasTimeout === false && BOUNDLESS.test(i.mechanism) && !TIMED_LIBRARIES.has(i.library))
      .map((i) => ({
        message: `${i.library} call to ${i.callees.join(', ')} (${i.target}) has no timeout: if ${i.callees.join(', ')} is slow, ${i.service} waits without bound.`,
        file: i.file,
        line: i.line,
        column: i.column,
        endLine: i.endLine,
        endColumn: i.endColumn,
      }));
  },
});
