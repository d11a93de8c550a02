'use strict'
// `smtpprovider/testing`: the API emulator in-process, for tests of code that uses the SDK.

const native = require('./native.js')
const { Client } = require('./lib/client.js')
const { fromNative } = require('./lib/errors.js')

/** The demo user every default sandbox has. */
const DEMO_EMAIL = 'demo@example.com'
const DEMO_PASSWORD = 'demo-password'

/** A refused sandbox operation; `status` is what its `/_sandbox/` route answers (422, 404, 410). */
class SandboxError extends Error {
  constructor(message, status) {
    super(message)
    this.name = 'SandboxError'
    this.status = status
  }
}

/** Runs a native sandbox method, parsing its JSON answer and raising `SandboxError` or the SDK's errors. */
function run(method, parse = true) {
  let answer
  try {
    answer = method()
  } catch (error) {
    const text = typeof error?.message === 'string' ? error.message : ''
    if (text.startsWith('{"kind":"Sandbox"')) {
      const payload = JSON.parse(text)
      throw new SandboxError(payload.message, payload.status)
    }
    throw fromNative(error)
  }
  return parse && typeof answer === 'string' ? JSON.parse(answer) : answer
}

/** A running sandbox: real HTTP on loopback, served from a thread of the native module. */
class Sandbox {
  #native

  constructor(handle) {
    this.#native = handle
  }

  /**
   * Starts a sandbox with the demo user (or `users`), rate limiting off unless `rateLimit`
   * (requests per minute) is given, on a free port of 127.0.0.1.
   */
  static async start(options = {}) {
    return new Sandbox(run(() => native.NativeSandbox.start(options), false))
  }

  /** The demo user's email. */
  static get DEMO_EMAIL() {
    return DEMO_EMAIL
  }

  /** The demo user's password. */
  static get DEMO_PASSWORD() {
    return DEMO_PASSWORD
  }

  /** The API base URL, `http://127.0.0.1:PORT/api`. */
  get baseUrl() {
    return run(() => this.#native.baseUrl, false)
  }

  /** The server root; the sandbox routes are under `/_sandbox/`. */
  get rootUrl() {
    return run(() => this.#native.rootUrl, false)
  }

  /** The sandbox's own DNS server, `127.0.0.1:PORT`. */
  get dnsAddr() {
    return run(() => this.#native.dnsAddr, false)
  }

  /** A client logged in as `email` (the demo user by default), with any client options. */
  client({ email = DEMO_EMAIL, password = DEMO_PASSWORD, ...options } = {}) {
    return Client.login({ email, password, baseUrl: this.baseUrl, ...options })
  }

  /** Messages "sent" so far, oldest first; filter by `{ to, kind, campaign_id }`. */
  outbox(filter = {}) {
    return run(() => this.#native.outbox(JSON.stringify(filter)))
  }

  /**
   * Follows the link of the last sender-verification message to `email`, as its recipient
   * would (a GET of the link); resolves with the page's status.
   */
  async followVerificationLink(email) {
    const messages = this.outbox({ to: email, kind: 'sender_verification' })
    const last = messages[messages.length - 1]
    if (!last || !last.link) throw new SandboxError(`no verification link was sent to ${email}`, 404)
    const response = await fetch(last.link)
    await response.arrayBuffer()
    if (!response.ok) throw new SandboxError(`the verification link answered ${response.status}`, response.status)
    return response.status
  }

  /** Empties the outbox. */
  clearOutbox() {
    run(() => this.#native.clearOutbox())
  }

  /** Publishes a TXT record (e.g. a domain's DKIM key at its `host`). */
  publishDns(name, value) {
    return run(() => this.#native.publishDns(name, value))
  }

  /** Removes the TXT records at `name`; false when there were none. */
  removeDns(name) {
    return run(() => this.#native.removeDns(name), false)
  }

  /** Every record of the sandbox's DNS zone. */
  dnsRecords() {
    return run(() => this.#native.dnsRecords())
  }

  /** The clock: `{ now, offset_seconds }`. */
  clock() {
    return run(() => this.#native.clock())
  }

  /** Moves the clock by `seconds`; campaigns deliver up to the new time. */
  advanceClock(seconds) {
    return run(() => this.#native.advanceClock(seconds))
  }

  /** Sets the clock to a `Y-m-d H:i:s` time. */
  setClock(at) {
    return run(() => this.#native.setClock(at))
  }

  /** Adds `{ emails }` or `{ count }` generated subscribers to a mailing list. */
  addSubscribers(mailingListId, { emails, count } = {}) {
    return run(() => this.#native.addSubscribers(mailingListId, emails, count))
  }

  /**
   * Scripts a fault for the next `times` requests to `path` (relative to `/api`): `kind` is
   * `status` (with `status`, `body`, `content_type`, `headers`), `delay` (`delay_ms`),
   * `truncate` or `drop`.
   */
  addFault(spec) {
    return run(() => this.#native.addFault(JSON.stringify(spec)))
  }

  /** Faults still pending. */
  faults() {
    return run(() => this.#native.faults())
  }

  /** Cancels every pending fault. */
  clearFaults() {
    run(() => this.#native.clearFaults())
  }

  /** The `/api` requests received, all or those to `path`. */
  requests(path) {
    return run(() => this.#native.requests(path))
  }

  /** Empties the request log. */
  clearRequests() {
    run(() => this.#native.clearRequests())
  }

  /** Back to the start: seeded users only, clock, outbox, DNS, faults and request log emptied. */
  reset() {
    run(() => this.#native.reset())
  }

  /** Creates a user; returns `{ id, name, email }`. */
  createUser(email, password, name) {
    return run(() => this.#native.createUser(email, password, name))
  }

  /** The running configuration: `{ rate_limit, max_body_bytes, dns }`. */
  config() {
    return run(() => this.#native.config())
  }

  /** Changes the rate limit (requests per window per token; 0 turns it off). */
  setRateLimit(perMinute) {
    return run(() => this.#native.setRateLimit(perMinute))
  }

  /** Changes the rate limit's window, in milliseconds. */
  setRateLimitWindow(millis) {
    return run(() => this.#native.setRateLimitWindow(millis))
  }

  /** Stops the server (idempotent). */
  stop() {
    this.#native.stop()
  }
}

/**
 * A raw TCP server on 127.0.0.1 playing a fault case file (format and the SDK's own matrix in
 * `tests/faults/`): bodies that drip or never end, chunks cut in half, resets, bytes that are
 * not UTF-8, refused connections.
 */
class HostileServer {
  #native

  constructor(handle) {
    this.#native = handle
  }

  /** Starts a server playing the cases of `caseFile` (the file's JSON text). */
  static async start(caseFile) {
    return new HostileServer(run(() => native.NativeHostileServer.start(caseFile), false))
  }

  /** The base URL of one run of `caseName` (`runName` names it, e.g. `get`). */
  baseUrl(caseName, runName) {
    return run(() => this.#native.baseUrl(caseName, runName), false)
  }

  /** What the server saw of one run: `{ requests, body_bytes_sent, closed_early }`. */
  stats(caseName, runName) {
    return run(() => this.#native.stats(caseName, runName))
  }

  /** Stops the server (idempotent). */
  stop() {
    this.#native.stop()
  }
}

module.exports = { HostileServer, Sandbox, SandboxError }
