// Options of clients and calls (times in milliseconds).

/** The settings of a client; every field is optional. */
export interface ClientOptions {
  /** The API's base URL, e.g. `https://smtp.example.net/api`; `SMTPPROVIDER_BASE_URL` when left out. */
  baseUrl?: string
  /** Time limit of one attempt (default 30 000 ms). */
  timeout?: number
  /** Time limit of a whole call, retries included (default 90 000 ms). */
  deadline?: number
  /** Time limit of opening a connection (default 10 000 ms). */
  connectTimeout?: number
  /** How many times a failed attempt may be retried (default 2). */
  maxRetries?: number
  /** Retry POSTs even when they may have been processed (default false: the API has no idempotency keys). */
  retryNonIdempotent?: boolean
  /** Extra root certificates to trust, as PEM text, besides the operating system's store (and `SSL_CERT_FILE`/`SSL_CERT_DIR`). */
  rootCertificates?: string
  /** A proxy URL for every request: `http://`, `https://`, `socks5://` or `socks5h://` (otherwise `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` apply). */
  proxy?: string
  /** The `User-Agent` header. */
  userAgent?: string
  /** Allow `http://` to hosts other than loopback (default false: the token would travel in clear). */
  allowInsecureHttp?: boolean
  /** The largest response body accepted, in bytes (default 32 MiB). */
  maxResponseBytes?: number
}

/** A session from an earlier login. */
export interface SessionOptions extends ClientOptions {
  /** The bearer token. */
  token: string
  /** The token's user id. */
  userId: number
}

/** The credentials to log in with, and the client's settings. */
export interface LoginOptions extends ClientOptions {
  email: string
  password: string
}

/** Per-call options, the last argument of every call. */
export interface CallOptions {
  /** Aborting it cancels the request and rejects the call with an `AbortError`. */
  signal?: AbortSignal
  /** Time limit of one attempt of this call, in milliseconds. */
  timeout?: number
  /** Time limit of this whole call, retries included, in milliseconds. */
  deadline?: number
  /** How many times this call may be retried. */
  maxRetries?: number
  /** Retry this call even when it is a POST that may have been processed. */
  retryNonIdempotent?: boolean
}

/** The call options `client.withOptions()` sets for every call made through it. */
export type SharedCallOptions = Omit<CallOptions, 'signal'>
