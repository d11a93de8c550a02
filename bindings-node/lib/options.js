'use strict'
// Client and call options: only the names the SDK knows (the core's option table, generated), so
// a misspelt option is an error rather than silently ignored.

const { invalidInput } = require('./errors.js')

const generated = require('../generated/options.js')

/** The session (`token` with `userId`) and the core's client options. */
const CLIENT_OPTIONS = ['token', 'userId', ...generated.CLIENT_OPTIONS]
/** A call's `signal`, and the options it may override. */
const CALL_OPTIONS = ['signal', ...generated.CALL_OPTIONS]
/** What `client.withOptions()` takes: the call options but `signal`, which belongs to one call. */
const SHARED_CALL_OPTIONS = CALL_OPTIONS.filter((name) => name !== 'signal')

/** `options` with `omit` left out, refusing any name not in `known`. */
function pick(where, options, known, omit = []) {
  if (options === undefined || options === null) return {}
  if (typeof options !== 'object') throw invalidInput(where, `${where}: the options must be an object`)
  const picked = {}
  for (const [key, value] of Object.entries(options)) {
    if (omit.includes(key)) continue
    if (!known.includes(key)) {
      throw invalidInput(where, `${where}: unknown option ${JSON.stringify(key)}; the options are ${known.join(', ')}`)
    }
    if (value !== undefined) picked[key] = value
  }
  return picked
}

module.exports = {
  clientOptions: (where, options, omit) => pick(where, options, CLIENT_OPTIONS, omit),
  callOptions: (where, options) => pick(where, options, CALL_OPTIONS),
  sharedCallOptions: (where, options) => pick(where, options, SHARED_CALL_OPTIONS),
}
