// SPDX-License-Identifier: MIT
// Typed errors of the web API client. Views branch on `code` (stable strings from the server's
// `{error:{code,message}}` body, or the client-side codes below), never on message text.

/** The server answered with an error status. `code` is the server's stable error code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds until a retry may succeed (rate limit, lockout); null when the server gave none. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** The request never got an HTTP answer (server down, network gone, aborted). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly code = 'WEB_ERR_NETWORK';
}

/** The server answered 2xx with a body this client does not understand (version skew). */
export class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError';
  readonly code = 'WEB_ERR_RESPONSE_SHAPE';
}
