// The one fetch wrapper of the web app: JSON in and out, same-origin cookies, the CSRF header on
// every unsafe request, a device-token variant for kiosks, and typed errors (ApiError).
import { ERROR_CODES, type ErrorCode } from '@diemcau/protocol';

/** Error codes the client adds to the server's: no network, or a body we cannot read. */
export type ClientErrorCode = ErrorCode | 'network' | 'bad_response';

/** A failed API call: the server's stable code, the offending field if any, the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    readonly field: string | null = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const KNOWN = new Set<string>(ERROR_CODES);

/** Turns an error response (status and parsed body) into an ApiError; never throws. */
export function toApiError(status: number, body: unknown, retryAfterHeader?: string | null): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const raw = typeof b.code === 'string' ? b.code : '';
  const code: ClientErrorCode = KNOWN.has(raw)
    ? (raw as ErrorCode)
    : status === 401
      ? 'unauthorized'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not_found'
          : status === 429
            ? 'rate_limited'
            : status >= 500
              ? 'internal'
              : 'bad_response';
  const message = typeof b.message === 'string' ? b.message : `HTTP ${status}`;
  const field = typeof b.field === 'string' && b.field ? b.field : null;
  const retry =
    typeof b.retryAfterSeconds === 'number'
      ? b.retryAfterSeconds
      : retryAfterHeader && /^\d+$/.test(retryAfterHeader)
        ? Number(retryAfterHeader)
        : null;
  return new ApiError(code, message, status, field, retry);
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Transport {
  (input: string, init: RequestInit): Promise<Response>;
}

let csrfToken: string | null = null;
let transport: Transport = (input, init) => fetch(input, init);

/** Remembers the session's CSRF token (from login or /api/auth/me); kept in memory only. */
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

/** The session's CSRF token, for requests made without api() (uploads with progress). */
export const getCsrfToken = (): string | null => csrfToken;

/** Dev-only: replaces fetch (the mock API for screenshots). */
export const setTransport = (t: Transport): void => {
  transport = t;
};

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /** Kiosk calls: `Authorization: Device <token>` instead of the cookie session. */
  deviceToken?: string;
}

/** Builds `/api/...?a=1` leaving out empty query values. */
export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '' || v === false) continue;
    params.set(k, v === true ? '1' : String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Calls the API; resolves with the parsed JSON (undefined for 204) or rejects with ApiError. */
export async function api<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken && !opts.deviceToken) headers['x-csrf-token'] = csrfToken;
  if (opts.deviceToken) headers.authorization = `Device ${opts.deviceToken}`;
  let res: Response;
  try {
    res = await transport(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('network', 'network error', 0);
  }
  if (res.status === 204) return undefined as T;
  let body: unknown = null;
  try {
    const text = await res.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new ApiError('bad_response', 'response is not JSON', res.status);
  }
  if (!res.ok) throw toApiError(res.status, body, res.headers.get('retry-after'));
  return body as T;
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
