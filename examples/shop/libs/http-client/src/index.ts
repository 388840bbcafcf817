import axios, { type AxiosRequestConfig } from 'axios';

/**
 * Error thrown by the helpers below. Carries the upstream status (if any) so
 * callers can map e.g. a 404 from a downstream service onto their own 404.
 */
export class HttpClientError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly url: string,
  ) {
    super(message);
    this.name = 'HttpClientError';
  }
}

export type GetJsonOptions = Pick<AxiosRequestConfig, 'params' | 'headers'>;

const DEFAULT_HEADERS = {
  accept: 'application/json',
  'user-agent': '@shop/http-client',
};

/**
 * GET a JSON document and return its body. Non-2xx responses are rejected by
 * axios and re-thrown as {@link HttpClientError}.
 */
export async function getJson<T>(url: string, options: GetJsonOptions = {}): Promise<T> {
  try {
    const response = await axios.get<T>(url, {
      params: options.params,
      headers: { ...DEFAULT_HEADERS, ...options.headers },
    });
    return response.data;
  } catch (err) {
    if (axios.isAxiosError(err)) {
      throw new HttpClientError(`GET ${url} failed: ${err.message}`, err.response?.status, url);
    }
    throw err;
  }
}
