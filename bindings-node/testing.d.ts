// `smtpprovider/testing`: the API emulator in-process.

import type { Client, ClientOptions } from './index'

/** How to start a sandbox. */
export interface SandboxOptions {
  /** The users (default: the demo user `demo@example.com` / `demo-password`). */
  users?: Array<{ email: string; password: string; name?: string }>
  /** Requests per window per token; off unless given. */
  rateLimit?: number
  /** The rate limit's window in milliseconds (default 60 000, as the API's). */
  rateLimitWindow?: number
  /** The address to listen on (default `127.0.0.1`). */
  host?: string
  /** The port (default: a free one). */
  port?: number
  /** A nameserver (`host:port`) to verify domains against instead of the sandbox's own zone. */
  dns?: string
  /** The largest request body accepted, in bytes. */
  maxBodyBytes?: number
  /** Serve HTTPS with this certificate (PEM text), with `tlsKeyPem`. */
  tlsCertPem?: string
  /** The certificate's private key (PEM text). */
  tlsKeyPem?: string
}

/** A fault to script (the `/_sandbox/faults` body). */
export interface FaultSpec {
  /** The path relative to `/api`, e.g. `/v1/smtp-domain-list`. */
  path: string
  kind: 'status' | 'delay' | 'truncate' | 'drop'
  method?: string
  times?: number
  status?: number
  body?: unknown
  content_type?: string
  headers?: Record<string, string>
  delay_ms?: number
}

/** A refused sandbox operation. */
export declare class SandboxError extends Error {
  /** The status its `/_sandbox/` route answers with (422, 404 or 410). */
  readonly status: number
}

/** A running sandbox: real HTTP on loopback, in this process. */
export declare class Sandbox {
  /** Starts a sandbox; rate limiting is off unless `rateLimit` is given. */
  static start(options?: SandboxOptions): Promise<Sandbox>
  static readonly DEMO_EMAIL: string
  static readonly DEMO_PASSWORD: string
  /** The API base URL, `http://127.0.0.1:PORT/api`. */
  readonly baseUrl: string
  /** The server root; the sandbox routes are under `/_sandbox/`. */
  readonly rootUrl: string
  /** The sandbox's own DNS server, `127.0.0.1:PORT`. */
  readonly dnsAddr: string
  /** A client logged in as `email` (the demo user by default). */
  client(options?: { email?: string; password?: string } & ClientOptions): Promise<Client>
  /** Messages "sent" so far, oldest first. */
  outbox(filter?: { to?: string; kind?: string; campaign_id?: number }): Array<Record<string, any>>
  /** Follows the link of the last sender-verification message to `email`; resolves with its HTTP status. */
  followVerificationLink(email: string): Promise<number>
  clearOutbox(): void
  /** Publishes a TXT record (e.g. a domain's DKIM key at its `host`). */
  publishDns(name: string, value: string): Record<string, any>
  removeDns(name: string): boolean
  dnsRecords(): Array<Record<string, any>>
  clock(): { now: string; offset_seconds: number }
  advanceClock(seconds: number): { now: string; offset_seconds: number }
  setClock(at: string): { now: string; offset_seconds: number }
  addSubscribers(mailingListId: number, subscribers: { emails: string[] } | { count: number }): Record<string, any>
  addFault(spec: FaultSpec): Record<string, any>
  faults(): Array<Record<string, any>>
  clearFaults(): void
  /** The `/api` requests received, all or those to `path`. */
  requests(path?: string): Array<Record<string, any>>
  clearRequests(): void
  /** Back to the start: seeded users only; clock, outbox, DNS, faults and request log emptied. */
  reset(): void
  createUser(email: string, password: string, name?: string): { id: number; name: string; email: string }
  config(): Record<string, any>
  setRateLimit(perMinute: number): Record<string, any>
  /** Changes the rate limit's window, in milliseconds. */
  setRateLimitWindow(millis: number): Record<string, any>
  /** Stops the server (idempotent). */
  stop(): void
}

/** What a hostile server saw of one run of a case. */
export interface HostileStats {
  /** Requests received (a followed redirect's hop is one more). */
  requests: number
  /** Bytes of the last response's body written (chunk framing included). */
  body_bytes_sent: number
  /** Whether the client went away before the last response was all written. */
  closed_early: boolean
}

/** A raw TCP server on 127.0.0.1 playing a fault case file (see `tests/faults/`). */
export declare class HostileServer {
  /** Starts a server playing the cases of `caseFile` (the file's JSON text). */
  static start(caseFile: string): Promise<HostileServer>
  /** The base URL of one run of `caseName` (`runName` names it, e.g. `get`). */
  baseUrl(caseName: string, runName: string): string
  /** What the server saw of one run. */
  stats(caseName: string, runName: string): HostileStats
  /** Stops the server (idempotent). */
  stop(): void
}
