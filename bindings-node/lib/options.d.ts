// Options of clients and calls (times in milliseconds); the options themselves are the core's
// table, generated into ../generated/options.d.ts.

import type { CallSettings, ClientOptions } from '../generated/options'

export type { ClientOptions }

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
export interface CallOptions extends CallSettings {
  /** Aborting it cancels the request and rejects the call with an `AbortError`. */
  signal?: AbortSignal
}

/** The call options `client.withOptions()` sets for every call made through it. */
export type SharedCallOptions = CallSettings
