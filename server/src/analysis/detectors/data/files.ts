/**
 * Files as shared data: `fs` writes and reads (`writeFile`, `appendFile`, `createWriteStream`,
 * `readFile`, `createReadStream`, `readdir`, in callback, sync and promise forms) on a path that is
 * a literal or comes from configuration. A file is common data when one service writes where
 * another reads; relative paths and paths under `__dirname` belong to one process and are ignored
 * at link time.
 */
import { ts } from 'ts-morph';
import type { DataOp, Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { rootOf, unwrap } from '../../syntax/origin';
import { cat } from '../../syntax/values';
import { anyWord, type Detector } from '../detector';
import { memberCall } from '../../syntax/objects';
import { addAccess } from './common';

const OPS: Record<string, DataOp> = {
  writeFile: 'create',
  writeFileSync: 'create',
  appendFile: 'update',
  appendFileSync: 'update',
  createWriteStream: 'create',
  rename: 'create',
  renameSync: 'create',
  copyFile: 'create',
  copyFileSync: 'create',
  unlink: 'delete',
  unlinkSync: 'delete',
  rm: 'delete',
  rmSync: 'delete',
  readFile: 'read',
  readFileSync: 'read',
  createReadStream: 'read',
  readdir: 'read',
  readdirSync: 'read',
  watch: 'read',
  watchFile: 'read',
};
const FS_MODULES = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'fs-extra', 'graceful-fs'];

function isFs(ctx: FileContext, expr: ts.Expression): boolean {
  const o = rootOf(ctx.origin(expr));
  return o.kind === 'import' && FS_MODULES.includes(o.module);
}

/** The path a call names: literals, env values, and `path.join`/`path.resolve` of those. */
function pathSym(ctx: FileContext, expr: ts.Expression | undefined, depth = 0): Sym | undefined {
  if (!expr || depth > 3) return undefined;
  const e = unwrap(expr);
  if (ts.isCallExpression(e)) {
    const mc = memberCall(e);
    const callee = unwrap(e.expression);
    const fn = mc?.method ?? (ts.isIdentifier(callee) ? callee.text : '');
    const fromPath = mc ? rootOf(ctx.origin(mc.recv)) : rootOf(ctx.origin(callee));
    if ((fn === 'join' || fn === 'resolve') && fromPath.kind === 'import' && (fromPath.module === 'path' || fromPath.module === 'node:path')) {
      const parts: Sym[] = [];
      e.arguments.forEach((a, i) => {
        if (i) parts.push({ k: 'lit', v: '/' });
        parts.push(pathSym(ctx, a, depth + 1) ?? { k: 'unknown', text: a.getText() });
      });
      return cat(parts);
    }
  }
  if (ts.isIdentifier(e) && (e.text === '__dirname' || e.text === '__filename')) return { k: 'unknown', text: e.text };
  return ctx.sym(e);
}

/** Detects file writes and reads on configured or literal paths. */
export const files: Detector = {
  id: 'data-files',
  applies: anyWord('writeFile', 'appendFile', 'createWriteStream', 'readFile', 'createReadStream', 'readdir', 'rename', 'copyFile'),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    const mc = memberCall(call);
    const method = mc?.method ?? (ts.isIdentifier(callee) ? callee.text : undefined);
    const op = method ? OPS[method] : undefined;
    if (!method || !op) return;
    if (!isFs(ctx, mc ? mc.recv : callee) && !(mc && /^(fs|fsp|fse)(\.promises)?$/.test(mc.recv.getText()) && isFs(ctx, mc.recv))) return;
    // rename/copy write their second argument
    const target = /^(rename|copyFile)/.test(method) ? call.arguments[1] : call.arguments[0];
    let sym = pathSym(ctx, target);
    if (!sym || sym.k === 'unknown') return;
    // a directory listing stands for every file in it
    if (/^readdir/.test(method) || method.startsWith('watch')) sym = cat([sym, { k: 'lit', v: '/' }, { k: 'unknown', text: '*' }]);
    addAccess(ctx, call, 'fs', sym, { kind: 'file', via: 'name', op }, method);
    if (/^(rename|copyFile)/.test(method)) {
      const from = pathSym(ctx, call.arguments[0]);
      if (from && from.k !== 'unknown') addAccess(ctx, call, 'fs', from, { kind: 'file', via: 'name', op: 'read' }, method);
    }
  },
};
