'use strict'
// The rate-limit state as JS reads it, from the native module's `{ limit, remaining, reset }`
// (`reset` in epoch milliseconds): what `client.rateLimit` and an error's `rateLimit` hold.

/** `raw` with `reset` as a `Date`; `null` when nothing is known. */
function rateLimitOf(raw) {
  if (raw === undefined || raw === null) return null
  return { limit: raw.limit, remaining: raw.remaining, reset: raw.reset === null ? null : new Date(raw.reset) }
}

module.exports = { rateLimitOf }
