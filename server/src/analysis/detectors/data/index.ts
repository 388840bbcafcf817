/**
 * The data detectors (one per library family) and the readers of schema files that are not code
 * (`schema.prisma`, SQL migrations). Registered in the detectors' registry.
 */
import { emptyFacts, type FileFacts } from '../../facts';
import type { Detector } from '../detector';
import { databases } from './databases';
import { drizzle } from './drizzle';
import { dynamodb } from './dynamodb';
import { files } from './files';
import { knex } from './knex';
import { modelCalls } from './models';
import { mongoose } from './mongoose';
import { prismaClient, prismaSchemaFacts } from './prisma';
import { redisKeys } from './redis';
import { objectStorage } from './s3';
import { sequelize } from './sequelize';
import { rawSql, sqlFileFacts } from './sql';
import { typeorm } from './typeorm';

/** Every data detector, in the order they run on a file. */
export const DATA_DETECTORS: readonly Detector[] = [
  databases,
  prismaClient,
  typeorm,
  mongoose,
  sequelize,
  knex,
  drizzle,
  modelCalls,
  rawSql,
  redisKeys,
  objectStorage,
  dynamodb,
  files,
];

export { isDataSchemaFile } from './schema-files';

/** The facts of a schema file: the stores it declares and the datasource it names. */
export function dataSchemaFacts(file: string, text: string, hash: string): FileFacts {
  const facts = emptyFacts(file, hash);
  const read = file.endsWith('.prisma') ? prismaSchemaFacts(text) : sqlFileFacts(text);
  if (read.schemas.length) facts.schemas = read.schemas;
  if (read.databases.length) facts.databases = read.databases;
  return facts;
}
