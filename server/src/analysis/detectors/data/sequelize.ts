/**
 * Sequelize: models from `sequelize.define('Order', attrs, { tableName })`, `Order.init(attrs,
 * { sequelize, tableName })` and sequelize-typescript's `@Table`; default table names are the
 * pluralised model name; `queryInterface.createTable('orders')` in migrations. Calls on models are
 * found by the model detector.
 */
import { ts } from 'ts-morph';
import type { FileContext } from '../../syntax/context';
import { findDeclaration, unwrap } from '../../syntax/origin';
import { anyWord, type Detector } from '../detector';
import { memberCall, objectOf, prop } from '../../syntax/objects';
import { addSchema, decoratorArg, literal, sequelizePlural } from './common';

function tableName(ctx: FileContext, model: string, options: ts.Expression | undefined): string {
  const explicit = literal(ctx, prop(options, 'tableName'));
  if (explicit) return explicit;
  const freeze = prop(options, 'freezeTableName');
  return freeze && unwrap(freeze).kind === ts.SyntaxKind.TrueKeyword ? model : sequelizePlural(model);
}

/** Detects Sequelize model declarations and table-creating migrations. */
export const sequelize: Detector = {
  id: 'data-sequelize',
  applies: anyWord('sequelize', 'Sequelize', 'queryInterface', 'createTable'),
  onClass(cls, ctx) {
    const table = decoratorArg(cls, /^Table$/);
    if (!table || !cls.name || ctx.facts.imports.Table?.module !== 'sequelize-typescript') return;
    const name = cls.name.text;
    const model = literal(ctx, prop(table.arg, 'modelName')) ?? name;
    const fields = cls.members.filter((m) => decoratorArg(m, /^(Column|ForeignKey|PrimaryKey)$/)).length;
    addSchema(ctx, cls, {
      library: 'sequelize',
      kind: 'table',
      store: { k: 'lit', v: tableName(ctx, model, table.arg) },
      symbol: name,
      model,
      defines: 'schema',
      fields,
    });
  },
  onCall(call, ctx) {
    const mc = memberCall(call);
    if (!mc) return;
    if (mc.method === 'define') {
      // sequelize.define('Order', { ... }, { tableName: 'orders' })
      const model = literal(ctx, call.arguments[0]);
      const attrs = objectOf(call.arguments[1]);
      if (!model || !attrs || !/sequelize|db|database|connection|orm/i.test(mc.recv.getText())) return;
      const p = call.parent;
      const symbol =
        ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)
          ? p.name.text
          : ts.isExportAssignment(p)
            ? '<default>'
            : ts.isReturnStatement(p)
              ? '<default>'
              : undefined;
      addSchema(ctx, call, {
        library: 'sequelize',
        kind: 'table',
        store: { k: 'lit', v: tableName(ctx, model, call.arguments[2]) },
        model,
        defines: 'schema',
        fields: attrs.properties.length,
        ...(symbol ? { symbol } : {}),
      });
      return;
    }
    if (mc.method === 'init' && ts.isIdentifier(mc.recv)) {
      // class Order extends Model {}; Order.init({ ... }, { sequelize, tableName: 'orders' })
      const options = call.arguments[1];
      if (!prop(options, 'sequelize')) return;
      const decl = findDeclaration(mc.recv.text, mc.recv);
      if (!decl || !ts.isClassDeclaration(decl)) return;
      const model = literal(ctx, prop(options, 'modelName')) ?? mc.recv.text;
      const fields = objectOf(call.arguments[0])?.properties.length;
      addSchema(ctx, call, {
        library: 'sequelize',
        kind: 'table',
        store: { k: 'lit', v: tableName(ctx, model, options) },
        symbol: mc.recv.text,
        model,
        defines: 'schema',
        ...(fields !== undefined ? { fields } : {}),
      });
      return;
    }
    if ((mc.method === 'createTable' || mc.method === 'createTableIfNotExists') && /queryInterface|^qi$|QueryInterface/.test(mc.recv.getText())) {
      const name = literal(ctx, call.arguments[0]) ?? literal(ctx, prop(call.arguments[0], 'tableName'));
      if (name) addSchema(ctx, call, { library: 'sequelize', kind: 'table', store: { k: 'lit', v: name }, defines: 'migration' });
    }
  },
};
