/**
 * The explicit registry of detectors. Adding a library is one detector file plus its entry here.
 */
import type { Detector } from './detector';
import { httpClientInstances, httpClients } from './http/clients';
import { routers } from './http/routers';
import { nestjs } from './nestjs';

/** Every detector, in the order they run on a file. */
export const DETECTORS: readonly Detector[] = [httpClients, httpClientInstances, routers, nestjs];
