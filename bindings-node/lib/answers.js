'use strict'
// What the server said, as JS reads it from the native module: the rate-limit state
// `{ limit, remaining, reset }` (`reset` in epoch milliseconds), which `client.rateLimit` and an
// error's `rateLimit` hold, and the answer to a call, which `client.lastResponse` holds.

/** `raw` with `reset` as a `Date`; `null` when nothing is known. */
function rateLimitOf(raw) {
  if (raw === undefined || raw === null) return null
  return { limit: raw.limit, remaining: raw.remaining, reset: raw.reset === null ? null : new Date(raw.reset) }
}

/** The native module's `{ endpoint, status, headers, rateLimit }` with its rate limit as above. */
function responseInfoOf(raw) {
  return { endpoint: raw.endpoint, status: raw.status, headers: raw.headers, rateLimit: rateLimitOf(raw.rateLimit) }
}

module.exports = { rateLimitOf, responseInfoOf }
