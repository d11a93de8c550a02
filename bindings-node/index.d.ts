// The `smtpprovider` package: the client, its options, and the generated resources, models
// and error classes (generated/, from the core's endpoint table).

import { Resources } from './generated/resources'
import type { RateLimit } from './generated/errors'
import type { User } from './generated/models'
import type { ClientOptions, LoginOptions, SessionOptions, SharedCallOptions } from './lib/options'

export * from './generated/errors'
export * from './generated/models'
export * from './generated/resources'
export type { CallOptions, ClientOptions, LoginOptions, SessionOptions, SharedCallOptions } from './lib/options'

/** A session with the SMTPProvider API; the resources are its properties (`client.domains`). */
export declare class Client extends Resources {
  /** A client from a token and user id from an earlier login; `baseUrl` falls back to `SMTPPROVIDER_BASE_URL`. */
  constructor(options: SessionOptions | ClientOptions)
  /** Logs in and resolves with a client holding the session. */
  static login(options: LoginOptions): Promise<Client>
  /** A client from `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`. */
  static fromEnv(options?: ClientOptions): Client
  /** The base URL in use (`null` once closed). */
  readonly baseUrl: string | null
  /** The session's user id (`null` without a session). */
  readonly userId: number | null
  /** The bearer token, to keep the session for later (`null` without a session). */
  readonly token: string | null
  /** The logged-in user (`null` for a client made from a token). */
  readonly user: User | null
  /** The rate limit as the token last knew it (shared by every client of the token in the process); `null` before an answer carried the API's rate-limit headers, or with `paceRequests: false`. */
  readonly rateLimit: RateLimit | null
  /** What the server said to the last call made through this handle that got an answer; `null` before any. A handle from `withOptions` keeps its own. */
  readonly lastResponse: ResponseInfo | null
  /** A client sharing this one's connections and session whose calls use these options unless a call gives its own. */
  withOptions(options: SharedCallOptions): Client
  /** Drops the connection pool; calls in flight finish, later ones reject with `InvalidInputError`. */
  close(): void
}

/** What the server said to a call: the call, the HTTP status, the headers and the rate limit the answer stated. */
export interface ResponseInfo {
  /** The call, e.g. `domains.list`. */
  readonly endpoint: string
  /** The HTTP status of the final answer (after any retries). */
  readonly status: number
  /** The answer's headers (lower-case names), in the order received. */
  readonly headers: Readonly<Record<string, string>>
  /** What the answer said about the rate limit; `null` when it said nothing. */
  readonly rateLimit: RateLimit | null
}

/** What an aborted call rejects with. */
export declare class AbortError extends Error {
  readonly name: 'AbortError'
  readonly code: 'ABORT_ERR'
}
