/**
 * Messages of the editor features: client-side commands the server's CodeLens and code actions
 * invoke, and the Services view's data request.
 */

/** Commands the extension registers for the server to invoke (arguments are JSON). */
export const ClientCommands = {
  /** `[uri: string, position: {line, character}, locations: Location[]]`: peek the locations. */
  showLocations: 'switchboard.showLocations',
  /** `[url: string]`: open a documentation page. */
  openUrl: 'switchboard.openUrl',
} as const;

/** client → server request `switchboard/services`: services → endpoints → callers, for the Services view. */
export const ServicesMethod = 'switchboard/services';

/** Parameters of `switchboard/services`. */
export interface ServicesParams {
  /** The workspace folder URI; absent for every folder. */
  folder?: string;
}

/** A place in a file, as a URI and 0-based position. */
export interface UriPosition {
  uri: string;
  line: number;
  character: number;
}

/** A caller of an endpoint. */
export interface ServiceCaller {
  service: string;
  style: string;
  target: string;
  location: UriPosition;
}

/** An endpoint with its callers. */
export interface ServiceEndpoint {
  label: string;
  kind: string;
  location: UriPosition;
  callers: ServiceCaller[];
}

/** One service of the Services view. */
export interface ServiceNode {
  name: string;
  root: string;
  folder: string;
  notAnalysed?: boolean;
  /** URI of the service's folder. */
  uri: string;
  endpoints: ServiceEndpoint[];
  /** Counts of its outgoing interactions by style. */
  outgoing: Record<string, number>;
}

/** Result of `switchboard/services`. */
export interface ServicesResult {
  services: ServiceNode[];
}
