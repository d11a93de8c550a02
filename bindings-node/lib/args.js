'use strict'

/**
 * Splits the arguments after a call's required ones into its `count` optional ones and the
 * call options: an object where an optional (text) argument would be is the options, so
 * `mail.sendWelcome(to, shop, { signal })` leaves `subject` and `html_content` out.
 */
function trailing(rest, count) {
  const values = new Array(count).fill(undefined)
  for (let i = 0; i < rest.length; i++) {
    const value = rest[i]
    if (value !== null && typeof value === 'object') {
      values.push(value)
      return values
    }
    if (i < count) values[i] = value
  }
  values.push(undefined)
  return values
}

/**
 * A helper's options split into its own durations (`names`, given in milliseconds, handed to the
 * core in seconds) and the call options the rest must be (`signal`, `maxRetries`). Anything but
 * an object is handed on whole, for the call to refuse as a rejected Promise.
 */
function helperOptions(options, names) {
  if (options === null || typeof options !== 'object') return [{}, options]
  const own = {}
  const rest = {}
  for (const [key, value] of Object.entries(options)) {
    if (!names.includes(key)) rest[key] = value
    // A value that is not a number goes on as it is, for the core to refuse by name.
    else if (value !== undefined) own[key] = typeof value === 'number' ? value / 1000 : value
  }
  return [own, rest]
}

module.exports = { helperOptions, trailing }
