/**
 * tsoa controllers: `@Route('orders')` classes with `@Get('{id}')`, `@Post()` methods.
 */
import { ts } from 'ts-morph';
import { anyWord, type Detector } from '../detector';

const VERBS: Record<string, string> = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', Options: 'OPTIONS' };

export const tsoa: Detector = {
  id: 'tsoa',
  applies: anyWord("'tsoa'", '"tsoa"'),
  onClass(cls, ctx) {
    const route = ctx.decorators(cls).find((d) => d.name === 'Route');
    if (!route) return;
    const prefix = route.args[0] ? ctx.sym(route.args[0])! : { k: 'lit' as const, v: '' };
    for (const m of cls.members) {
      if (!ts.isMethodDeclaration(m)) continue;
      for (const d of ctx.decorators(m)) {
        const verb = VERBS[d.name];
        if (!verb) continue;
        ctx.addEndpoint(d.node, { kind: 'http', framework: 'tsoa', method: verb, path: d.args[0] ? ctx.sym(d.args[0])! : { k: 'lit', v: '' }, prefix, handler: ctx.idOf(m) });
      }
    }
  },
};
