/**
 * Object storage: S3 buckets through AWS SDK v3 commands (`new PutObjectCommand({ Bucket })`),
 * `@aws-sdk/lib-storage` uploads, SDK v2 client methods (`s3.putObject({ Bucket })`), MinIO clients
 * (`minio.putObject('bucket', ...)`) and Google Cloud Storage (`storage.bucket('name')`).
 */
import { ts } from 'ts-morph';
import type { DataOp } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { rootOf, unwrap } from '../../syntax/origin';
import { anyWord, type Detector } from '../detector';
import { memberCall, prop } from '../../syntax/objects';
import { addAccess, chainAfter } from './common';

const COMMANDS: Record<string, DataOp> = {
  PutObjectCommand: 'create',
  CopyObjectCommand: 'create',
  CreateMultipartUploadCommand: 'create',
  UploadPartCommand: 'create',
  CompleteMultipartUploadCommand: 'create',
  PutObjectTaggingCommand: 'update',
  DeleteObjectCommand: 'delete',
  DeleteObjectsCommand: 'delete',
  GetObjectCommand: 'read',
  HeadObjectCommand: 'read',
  ListObjectsCommand: 'read',
  ListObjectsV2Command: 'read',
  GetObjectTaggingCommand: 'read',
  SelectObjectContentCommand: 'read',
};

const V2_METHODS: Record<string, DataOp> = {
  putObject: 'create',
  upload: 'create',
  copyObject: 'create',
  createMultipartUpload: 'create',
  deleteObject: 'delete',
  deleteObjects: 'delete',
  getObject: 'read',
  headObject: 'read',
  listObjects: 'read',
  listObjectsV2: 'read',
};

/** MinIO: bucket name first. */
const MINIO_METHODS: Record<string, DataOp> = {
  putObject: 'create',
  fPutObject: 'create',
  copyObject: 'create',
  removeObject: 'delete',
  removeObjects: 'delete',
  getObject: 'read',
  fGetObject: 'read',
  statObject: 'read',
  listObjects: 'read',
  listObjectsV2: 'read',
  presignedGetObject: 'read',
  presignedPutObject: 'create',
};

/** Google Cloud Storage file methods after `bucket('name').file(...)`. */
const GCS_METHODS: Record<string, DataOp> = {
  save: 'create',
  upload: 'create',
  createWriteStream: 'create',
  delete: 'delete',
  deleteFiles: 'delete',
  download: 'read',
  createReadStream: 'read',
  getFiles: 'read',
  exists: 'read',
  getSignedUrl: 'read',
};

function fromModule(ctx: FileContext, expr: ts.Expression, re: RegExp): boolean {
  const o = rootOf(ctx.origin(expr));
  return (o.kind === 'import' && re.test(o.module)) || (o.kind === 'type' && o.module !== undefined && re.test(o.module));
}

/** Detects object-storage reads and writes by bucket. */
export const objectStorage: Detector = {
  id: 'data-s3',
  applies: anyWord('Bucket', 'bucket', 's3', 'S3', 'minio', 'Minio', '@google-cloud/storage'),
  onNew(expr, ctx) {
    const callee = unwrap(expr.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    const opts = expr.arguments?.[0];
    if (COMMANDS[name] && fromModule(ctx, callee, /^@aws-sdk\/client-s3$/)) {
      const bucket = ctx.sym(prop(opts, 'Bucket'));
      if (bucket && bucket.k !== 'unknown') addAccess(ctx, expr, 's3', bucket, { kind: 'bucket', via: 'name', op: COMMANDS[name]! }, name);
    } else if (name === 'Upload' && fromModule(ctx, callee, /^@aws-sdk\/lib-storage$/)) {
      const bucket = ctx.sym(prop(prop(opts, 'params'), 'Bucket'));
      if (bucket && bucket.k !== 'unknown') addAccess(ctx, expr, 's3', bucket, { kind: 'bucket', via: 'name', op: 'create' }, 'Upload');
    }
  },
  onCall(call, ctx) {
    const mc = memberCall(call);
    if (!mc) return;
    const recv = mc.recv;
    // SDK v2: s3.putObject({ Bucket, Key }).promise()
    const v2 = V2_METHODS[mc.method];
    if (v2 && fromModule(ctx, recv, /^aws-sdk(\/clients\/s3)?$/)) {
      const bucket = ctx.sym(prop(call.arguments[0], 'Bucket'));
      if (bucket && bucket.k !== 'unknown') addAccess(ctx, call, 's3', bucket, { kind: 'bucket', via: 'name', op: v2 }, mc.method);
      return;
    }
    const minio = MINIO_METHODS[mc.method];
    if (minio && fromModule(ctx, recv, /^minio$/)) {
      const bucket = ctx.sym(call.arguments[0]);
      if (bucket && bucket.k !== 'unknown') addAccess(ctx, call, 'minio', bucket, { kind: 'bucket', via: 'name', op: minio }, mc.method);
      return;
    }
    // GCS: storage.bucket('uploads').file(name).save(data)
    if (mc.method === 'bucket' && fromModule(ctx, recv, /^@google-cloud\/storage$/)) {
      const bucket = ctx.sym(call.arguments[0]);
      const chain = chainAfter(call);
      const op = chain.map((m) => GCS_METHODS[m]).find((x) => x !== undefined);
      if (bucket && bucket.k !== 'unknown' && op)
        addAccess(
          ctx,
          call,
          'gcs',
          bucket,
          { kind: 'bucket', via: 'name', op },
          chain.find((m) => GCS_METHODS[m]),
        );
    }
  },
};
