/**
 * unvalidated-message: a message handler that uses its payload without validating it (the
 * arbitrary failure mode: a malformed, outdated or hostile message).
 */
import { endpointLabel } from './reach';
import { endpointFact } from './facts-of';
import { defineRule, type RuleContext, type RuleFinding } from './rule';

/** NestJS services that install a ValidationPipe globally validate every handler's payload. */
function globalValidation(ctx: RuleContext, service: string, cache: Map<string, boolean>): boolean {
  let v = cache.get(service);
  if (v === undefined) {
    v = false;
    for (const f of ctx.program.ownedFiles(service)) {
      if (!f.starts.length) continue;
      const text = ctx.sources(f.file) ?? '';
      if (/useGlobalPipes\s*\([^)]*Pipe/.test(text)) v = true;
    }
    cache.set(service, v);
  }
  return v;
}

export const unvalidatedMessage = defineRule({
  id: 'unvalidated-message',
  description: 'A message handler uses the payload it receives without validating it.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    const out: RuleFinding[] = [];
    const seen = new Set<string>();
    const globals = new Map<string, boolean>();
    for (const ep of model.endpoints) {
      // job queues (Bull, BullMQ) carry a service's own typed jobs, not another team's messages
      if (ep.kind !== 'message' || ep.mechanism === 'bullmq' || ep.mechanism === 'bull') continue;
      const use = endpointFact(ctx.program, ep)?.payload;
      if (!use || use.validated !== false || !use.line) continue;
      const key = `${ep.file}:${use.line}:${use.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (ep.framework === 'nestjs' && globalValidation(ctx, ep.service, globals)) continue;
      const fields = use.reads.length ? ` (it reads ${use.reads.join(', ')})` : '';
      out.push({
        message: `${ep.service} uses the payload of ${endpointLabel(ep)} without validating it${fields}: a malformed or outdated message from any producer flows straight into its logic. Validate it first (zod, class-validator with a ValidationPipe, joi, ajv) and reject or dead-letter what does not fit.`,
        file: ep.file,
        line: use.line,
        ...(use.column ? { column: use.column } : {}),
        related: [{ message: `subscription to ${endpointLabel(ep)}`, file: ep.file, line: ep.line, column: ep.column }],
      });
    }
    return out;
  },
});
