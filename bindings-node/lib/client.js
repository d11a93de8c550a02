'use strict'
// `Client`: the session, its options and the one generic call every generated method makes.

const util = require('node:util')
const native = require('../native.js')
const { Resources } = require('../generated/resources.js')
const { ANSWER, abortError, fromNative, invalidInput } = require('./errors.js')
const { clientOptions, callOptions, sharedCallOptions } = require('./options.js')
const { rateLimitOf, responseInfoOf } = require('./answers.js')

/** Marks the constructor call that wraps a native client made by `login`. */
const WRAP = Symbol('wrap a native client')

/** Runs a native constructor, raising the SDK's error class when it refuses. */
function construct(make) {
  try {
    return make()
  } catch (error) {
    throw fromNative(error)
  }
}

function rejectNative(error) {
  throw fromNative(error)
}

class Client extends Resources {
  #native
  #nextTicket = 1
  /** The call options `withOptions` set, under each call's own (`undefined`: none). */
  #shared
  /** The server's answer to this handle's last call that got one: its JSON line (a result's), or
   * the object an error carried. */
  #lastResponse = null

  /**
   * A client from a token and user id from an earlier login (`{ token, userId, baseUrl? }`);
   * `baseUrl` falls back to `SMTPPROVIDER_BASE_URL`.
   */
  constructor(options) {
    super()
    if (options && options[WRAP]) {
      this.#native = options[WRAP]
      this.#shared = options.shared
    } else {
      const settings = clientOptions('new Client', options)
      this.#native = construct(() => new native.NativeClient(settings))
    }
  }

  /** Logs in with `{ email, password }` (and any client options) and resolves with the client. */
  static async login(options) {
    const { email, password } = options ?? {}
    const settings = clientOptions('client.login', options, ['email', 'password'])
    if ('token' in settings || 'userId' in settings) {
      throw invalidInput('client.login', 'client.login: a login makes its own token; leave out token and userId')
    }
    const args = JSON.stringify({ email, password })
    const made = await native.login(args, settings).catch(rejectNative)
    return new Client({ [WRAP]: made })
  }

  /** A client from `SMTPPROVIDER_BASE_URL`, `SMTPPROVIDER_TOKEN` and `SMTPPROVIDER_USER_ID`. */
  static fromEnv(options) {
    const settings = clientOptions('Client.fromEnv', options)
    return new Client({ [WRAP]: construct(() => native.NativeClient.fromEnv(settings)) })
  }

  /** The base URL in use (`null` once closed). */
  get baseUrl() {
    return this.#native.baseUrl
  }

  /** The session's user id (`null` without a session). */
  get userId() {
    return this.#native.userId
  }

  /** The bearer token, to keep the session for later (`null` without a session). */
  get token() {
    return this.#native.token
  }

  /**
   * The rate limit as the token last knew it (every client of the token in the process shares
   * it): `{ limit, remaining, reset }`, `reset` a `Date`; `null` before an answer carried the
   * API's rate-limit headers, or with `paceRequests: false`.
   */
  get rateLimit() {
    const text = this.#native.rateLimitJson
    return text === null ? null : rateLimitOf(JSON.parse(text))
  }

  /**
   * What the server said to the last call made through this handle that got an answer:
   * `{ endpoint, status, headers, rateLimit }`; `null` before any. A handle from `withOptions`
   * keeps its own, for reading one call's answer among many made at once.
   */
  get lastResponse() {
    const answer = this.#lastResponse
    return typeof answer === 'string' ? responseInfoOf(JSON.parse(answer)) : answer && { ...answer }
  }

  /** The logged-in user, `{ id, name, email }` (`null` when the client was made from a token). */
  get user() {
    const text = this.#native.userJson
    return text === null ? null : JSON.parse(text)
  }

  /**
   * What `console.log(client)` and `util.inspect` show: the session without its token, even when
   * asked to run getters (`{ getters: true }` would otherwise print `token`).
   */
  [util.inspect.custom](depth, options, inspect) {
    const shown = { baseUrl: this.baseUrl, userId: this.userId, token: this.token === null ? null : '***' }
    return `Client ${inspect(shown, options)}`
  }

  /**
   * A client sharing this one's connections and session whose calls use these call options
   * (`{ timeout, deadline, maxRetries, retryNonIdempotent }`) unless a call gives its own.
   */
  withOptions(options) {
    const shared = { ...this.#shared, ...sharedCallOptions('client.withOptions', options) }
    return new Client({ [WRAP]: this.#native, shared })
  }

  /** Drops the connection pool; calls in flight finish, later ones reject. */
  close() {
    this.#native.close()
  }

  /**
   * A settled call's `[answer, result]` (`bindings-node/src/answer.rs`): the answer's JSON line,
   * kept unparsed until `lastResponse` is read, and the result's JSON.
   */
  #answered = ([answer, result]) => {
    if (answer !== null) this.#lastResponse = answer
    return JSON.parse(result)
  }

  /** Throws the SDK error of a rejected call, keeping the answer the client recorded for it. */
  #failed = (rejection) => {
    const error = fromNative(rejection)
    const answer = error[ANSWER]
    if (answer) this.#lastResponse = responseInfoOf(answer)
    throw error
  }

  /**
   * Makes the call `id` (a table id such as `domains.add`) with `args` keyed by the table's
   * argument names; the generated resource methods call this.
   * @internal
   */
  _call(id, args, options) {
    let text
    try {
      text = JSON.stringify(args)
    } catch (error) {
      return Promise.reject(invalidInput(id, `${id}: the arguments cannot be sent as JSON: ${error.message}`))
    }
    if (options === undefined && this.#shared === undefined) {
      return this.#native.call(id, text).then(this.#answered, this.#failed)
    }
    let picked
    try {
      picked = callOptions(id, options)
    } catch (error) {
      return Promise.reject(error)
    }
    const { signal, ...settings } = { ...this.#shared, ...picked }
    if (!signal) {
      return this.#native.call(id, text, settings).then(this.#answered, this.#failed)
    }
    if (signal.aborted) return Promise.reject(abortError(id, signal))
    const ticket = this.#nextTicket
    this.#nextTicket = ticket >= 0xffffffff ? 1 : ticket + 1
    settings.ticket = ticket
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        // Drops the Rust future, and with it the request in flight.
        this.#native.cancel(ticket)
        reject(abortError(id, signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.#native.call(id, text, settings).then(
        (result) => {
          signal.removeEventListener('abort', onAbort)
          resolve(this.#answered(result))
        },
        (error) => {
          signal.removeEventListener('abort', onAbort)
          try {
            this.#failed(error)
          } catch (failure) {
            reject(failure)
          }
        },
      )
    })
  }
}

module.exports = { Client }
