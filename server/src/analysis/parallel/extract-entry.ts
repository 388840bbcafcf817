/**
 * Everything that needs the TypeScript parser, behind one module: bundled on its own as
 * `dist/extract.js`, loaded only when a file must really be parsed (a warm start from the cache
 * never loads TypeScript), and run as the worker thread of the extraction pool.
 */
import { isMainThread, type MessagePort, workerData } from 'node:worker_threads';
import { DETECTORS } from '../detectors';
import { dataSchemaFacts } from '../detectors/data';
import { emptyFacts, type FileFacts } from '../facts';
import { extractFacts, hashText } from '../syntax/extract';

// the quick fix parses with this bundle's TypeScript, so the server never loads a second copy
export { addTimeoutEdit } from '../fixes/add-timeout';

/** Words that must appear for a file to possibly matter to a detector; other files only need their declarations and calls. */
const PREFILTER =
  /fetch|axios|got|ky|superagent|undici|needle|http|express|koa|hono|fastify|Router|@nestjs|Client|listen|Kafka|amqp|nats|redis|Redis|Queue|Worker|publish|subscribe|emit|send|prisma|Prisma|typeorm|mongoose|sequelize|knex|drizzle|sql|SQS|SNS|EventBridge|PubSub|grpc|proto|graphql|gql|Controller|Resolver|Pattern|Service|socket|dapr|moleculer|trpc|handler|class |extends|export|S3|Bucket|File|readdir|query|model|Model|find|collection|Table|kafka|rabbit|Rabbit|consume|bull|Bull|pubsub|sqs|sns|aws-sdk|topic|Processor|\.add\(/;

/**
 * The facts of a source file (`hash`: its text's content hash, when the caller has worked it out);
 * a file that cannot be analysed comes back marked `skipped`, never as an exception.
 */
export function extractSource(file: string, text: string, hash?: string): FileFacts {
  try {
    return extractFacts(file, text, PREFILTER.test(text) ? DETECTORS : [], hash);
  } catch (error) {
    return skippedFacts(file, hash ?? hashText(text), error);
  }
}

/** The facts of a schema file that is not code (schema.prisma, SQL migrations). */
export function extractSchema(file: string, text: string, hash: string): FileFacts {
  try {
    return dataSchemaFacts(file, text, hash);
  } catch (error) {
    return skippedFacts(file, hash, error);
  }
}

/**
 * Facts for a file the extractor gave up on: one bad file must not stop the analysis of the
 * others. TypeScript's parser is recursive, so code nested a few thousand levels deep (generated
 * code, or hostile input) overflows the stack while parsing.
 */
function skippedFacts(file: string, hash: string, error: unknown): FileFacts {
  const facts = emptyFacts(file, hash);
  facts.skipped =
    error instanceof RangeError && /call stack/i.test(error.message)
      ? 'nested too deeply to analyse (the parser ran out of stack)'
      : `could not be analysed (internal error: ${error instanceof Error ? error.message : String(error)})`;
  return facts;
}

/** A batch of files for a worker. */
export interface ExtractRequest {
  id: number;
  /** `schema` marks a schema file (schema.prisma, SQL); `hash` is the text's content hash, which the facts carry. */
  items: { file: string; text: string; hash: string; schema?: boolean }[];
}

/** A worker's answer: each file's facts serialised (the cache stores that text as it is). */
export interface ExtractReply {
  id: number;
  results: { file: string; json: string }[];
}

/** The worker loop: extract each batch, answer on the result port, wake the waiting main thread. */
function serve(port: MessagePort, signal: Int32Array): void {
  port.on('message', (req: ExtractRequest) => {
    const results = req.items.map(({ file, text, hash, schema }) => {
      let facts: FileFacts;
      try {
        facts = schema ? extractSchema(file, text, hash) : extractSource(file, text, hash);
      } catch {
        // one bad file must not lose the batch: the main thread re-extracts it and reports the error
        return { file, json: '' };
      }
      return { file, json: JSON.stringify(facts) };
    });
    port.postMessage({ id: req.id, results } satisfies ExtractReply);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}

if (!isMainThread && (workerData as { switchboardExtract?: boolean } | undefined)?.switchboardExtract) {
  const data = workerData as { port: MessagePort; signal: SharedArrayBuffer };
  serve(data.port, new Int32Array(data.signal));
}
