/**
 * The explicit registry of detectors. Adding a library is one detector file plus its entry here.
 */
import { DATA_DETECTORS } from './data';
import type { Detector } from './detector';
import { graphql } from './graphql';
import { grpcJs } from './grpc';
import { httpClientInstances, httpClients } from './http/clients';
import { nextjs } from './http/nextjs';
import { nodeHttp } from './http/node-http';
import { httpProxies } from './http/proxies';
import { tsoa } from './http/tsoa';
import { routers } from './http/routers';
import { amqp } from './messaging/amqp';
import { aws } from './messaging/aws';
import { importedPubSub } from './messaging/imported';
import { kafka } from './messaging/kafka';
import { nats } from './messaging/nats';
import { pubsub } from './messaging/pubsub';
import { bullQueues } from './messaging/queues';
import { redis } from './messaging/redis';
import { nestjs } from './nestjs';

/** Broker producers and consumers (one family per file). */
const MESSAGING: readonly Detector[] = [kafka, amqp, nats, redis, bullQueues, aws, pubsub, importedPubSub];

/** Every detector, in the order they run on a file. */
export const DETECTORS: readonly Detector[] = [httpClients, httpClientInstances, nodeHttp, httpProxies, routers, nextjs, tsoa, grpcJs, graphql, nestjs, ...MESSAGING, ...DATA_DETECTORS];
