/**
 * Common data through MongoDB: mongoose models (default pluralised and explicit collection names),
 * NestJS `@Schema()` classes with `@InjectModel`, `forFeature` registrations, the native driver,
 * and the database from the connection URI.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonData, compose, service, sharedStores } from './helpers/data';
import { analyzeFiles } from './helpers/workspace';

const ACCOUNTS = {
  'accounts/src/db.ts': `import mongoose from 'mongoose';\nexport const connect = () => mongoose.connect(process.env.MONGO_URI!);\n`,
  'accounts/src/user.model.ts': `import { Schema, model } from 'mongoose';\nconst UserSchema = new Schema({ email: String, name: String });\nexport const User = model('User', UserSchema);\n`,
  'accounts/src/signup.ts': `import { User } from './user.model';\nexport async function signup(email: string) {\n  return User.create({ email });\n}\n`,
};

const MAILER = {
  'mailer/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { MongooseModule } from '@nestjs/mongoose';\nimport { User, UserSchema } from './user.schema';\n@Module({ imports: [MongooseModule.forRoot(process.env.MONGO_URI), MongooseModule.forFeature([{ name: User.name, schema: UserSchema }])] })\nexport class AppModule {}\n`,
  'mailer/src/user.schema.ts': `import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';\n@Schema()\nexport class User {\n  @Prop() email!: string;\n}\nexport const UserSchema = SchemaFactory.createForClass(User);\n`,
  'mailer/src/digest.service.ts': `import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { User } from './user.schema';
@Injectable()
export class DigestService {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}
  recipients() {
    return this.users.find({}).lean();
  }
}
`,
};

function workspace(accountsUri: string, mailerUri: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'docker-compose.yml': compose({ accounts: { MONGO_URI: accountsUri }, mailer: { MONGO_URI: mailerUri } }),
    ...service('accounts', 3001, ['mongoose']),
    ...service('mailer', 3002, ['mongoose', '@nestjs/mongoose']),
    ...ACCOUNTS,
    ...MAILER,
    ...extra,
  };
}

describe('common data: mongoose and MongoDB', () => {
  it('a collection two services use in one database (default pluralised name, NestJS injected model)', () => {
    const model = analyzeFiles(workspace('mongodb://mongo:27017/app', 'mongodb://mongo:27017/app?authSource=admin'));
    assert.deepEqual(commonData(model), [
      'accounts accounts/src/signup.ts:3 write mongodb app.users [accounts,mailer] owner=accounts',
      'mailer mailer/src/digest.service.ts:9 read mongodb app.users [accounts,mailer] owner=accounts',
    ]);
  });

  it('each service its own database: a replicated model is not common data', () => {
    const model = analyzeFiles(workspace('mongodb://accounts-mongo:27017/accounts', 'mongodb://mailer-mongo:27017/mailer'));
    assert.deepEqual(commonData(model), []);
  });

  it('one database, disjoint collections: not common data', () => {
    const model = analyzeFiles(
      workspace('mongodb://mongo:27017/app', 'mongodb://mongo:27017/app', {
        'mailer/src/user.schema.ts': `import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';\n@Schema({ collection: 'subscribers' })\nexport class User {\n  @Prop() email!: string;\n}\nexport const UserSchema = SchemaFactory.createForClass(User);\n`,
      }),
    );
    assert.deepEqual(commonData(model), []);
  });

  it('the native driver and an explicit collection name meet in one store', () => {
    const model = analyzeFiles(
      workspace('mongodb://mongo:27017/app', 'mongodb://mongo:27017/app', {
        'accounts/src/user.model.ts': `import mongoose from 'mongoose';\nconst UserSchema = new mongoose.Schema({ email: String }, { collection: 'people' });\nexport default mongoose.model('User', UserSchema);\n`,
        'accounts/src/signup.ts': `import User from './user.model';\nexport const signup = (email: string) => User.create({ email });\n`,
        'mailer/src/audit.ts': `import { MongoClient } from 'mongodb';\nconst client = new MongoClient(process.env.MONGO_URI!);\nexport async function bounced(email: string) {\n  await client.db().collection('people').updateOne({ email }, { $set: { bounced: true } });\n}\n`,
      }),
    );
    assert.deepEqual(sharedStores(model), ['mongodb app.people [accounts,mailer] owner=accounts']);
  });
});

describe('common data: generic base repositories', () => {
  const base = `import { Model } from 'mongoose';
export abstract class AbstractRepository<T> {
  constructor(protected readonly model: Model<T>) {}
  create(doc: Partial<T>) {
    return new this.model({ ...doc }).save();
  }
  findOne(filter: object) {
    return this.model.findOne(filter).lean();
  }
}
`;
  const repo = (cls: string, doc: string, file: string) => `import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AbstractRepository } from '@acme/common';
import { ${doc} } from '${file}';
export class ${cls} extends AbstractRepository<${doc}> {
  constructor(@InjectModel(${doc}.name) model: Model<${doc}>) {
    super(model);
  }
}
`;
  const schema = (name: string, collection?: string) =>
    `import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';\n@Schema(${collection ? `{ collection: '${collection}' }` : ''})\nexport class ${name} {\n  @Prop() email!: string;\n}\nexport const ${name}Schema = SchemaFactory.createForClass(${name});\n`;

  it('each subclass names its store: the base-class lines are accesses of the services whose subclass reaches them', () => {
    const model = analyzeFiles({
      'docker-compose.yml': compose({ auth: { MONGO_URI: 'mongodb://mongo:27017/app' }, mailer: { MONGO_URI: 'mongodb://mongo:27017/app' } }),
      ...service('auth', 3001, ['mongoose']),
      ...service('mailer', 3002, ['mongoose']),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/common': ['libs/common/src/index.ts'] } } }),
      'libs/common/src/index.ts': `export * from './abstract.repository';\n`,
      'libs/common/src/abstract.repository.ts': base,
      'auth/src/db.ts': `import mongoose from 'mongoose';\nexport const connect = () => mongoose.connect(process.env.MONGO_URI!);\n`,
      'auth/src/user.schema.ts': schema('UserDocument', 'users'),
      'auth/src/users.repository.ts': repo('UsersRepository', 'UserDocument', './user.schema'),
      'mailer/src/db.ts': `import mongoose from 'mongoose';\nexport const connect = () => mongoose.connect(process.env.MONGO_URI!);\n`,
      'mailer/src/recipient.schema.ts': schema('Recipient', 'users'),
      'mailer/src/recipients.repository.ts': repo('RecipientsRepository', 'Recipient', './recipient.schema'),
      'mailer/src/other.schema.ts': schema('Bounce'),
      'mailer/src/bounces.repository.ts': repo('BouncesRepository', 'Bounce', './other.schema'),
    });
    assert.deepEqual(commonData(model), [
      'auth libs/common/src/abstract.repository.ts:5 write mongodb app.users [auth,mailer]',
      'auth libs/common/src/abstract.repository.ts:8 read mongodb app.users [auth,mailer]',
      'mailer libs/common/src/abstract.repository.ts:5 write mongodb app.users [auth,mailer]',
      'mailer libs/common/src/abstract.repository.ts:8 read mongodb app.users [auth,mailer]',
    ]);
  });
});
