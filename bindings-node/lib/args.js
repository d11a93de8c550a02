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

module.exports = { trailing }
