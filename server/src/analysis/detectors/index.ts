/**
 * The explicit registry of detectors. Adding a library is one detector file plus its entry here.
 */
import { DATA_DETECTORS } from './data';
import type { Detector } from './detector';
import { cdk } from './cdk';
import { serverlessTs } from './serverless-ts';
import { dapr } from './dapr';
import { graphql } from './graphql';
import { moleculer } from './moleculer';
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
import { socketio } from './socketio';
import { trpc } from './trpc';

/** Broker producers and consumers (one family per file). */
const MESSAGING: readonly Detector[] = [kafka, amqp, nats, redis, bullQueues, aws, pubsub, importedPubSub];

/** Service frameworks with their own routing (one family per file). */
const FRAMEWORKS: readonly Detector[] = [moleculer, socketio, dapr, trpc];

/** Infrastructure as code written in TypeScript. */
const INFRASTRUCTURE: readonly Detector[] = [cdk, serverlessTs];

/** Every detector, in the order they run on a file. */
export const DETECTORS: readonly Detector[] = [httpClients, httpClientInstances, nodeHttp, httpProxies, routers, nextjs, tsoa, grpcJs, graphql, nestjs, ...MESSAGING, ...FRAMEWORKS, ...DATA_DETECTORS, ...INFRASTRUCTURE];
