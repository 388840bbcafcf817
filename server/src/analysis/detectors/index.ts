/**
 * The explicit registry of detectors. Adding a library is one detector file plus its entry here.
 */
import type { Detector } from './detector';
import { graphql } from './graphql';
import { grpcJs } from './grpc';
import { httpClientInstances, httpClients } from './http/clients';
import { nextjs } from './http/nextjs';
import { nodeHttp } from './http/node-http';
import { tsoa } from './http/tsoa';
import { routers } from './http/routers';
import { nestjs } from './nestjs';

/** Every detector, in the order they run on a file. */
export const DETECTORS: readonly Detector[] = [httpClients, httpClientInstances, nodeHttp, routers, nextjs, tsoa, grpcJs, graphql, nestjs];
