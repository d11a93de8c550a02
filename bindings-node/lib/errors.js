'use strict'
// Native rejections into the SDK's error classes. The native module rejects with an `Error`
// whose message is a JSON payload (`bindings-node/src/errors.rs`); everything else passes through.

const { ERROR_CLASSES, InvalidInputError } = require('../generated/errors.js')

/** The error an aborted call rejects with (`name` is `AbortError`, as `fetch` uses). */
class AbortError extends Error {
  constructor(message, options) {
    super(message, options)
    this.name = 'AbortError'
    this.code = 'ABORT_ERR'
  }
}

/** The rejection of an aborted call of `call`, with the signal's reason as its cause. */
function abortError(call, signal) {
  return new AbortError(`${call}: the call was aborted`, { cause: signal.reason })
}

/** A refusal before anything is sent, raised by the JS layer itself (e.g. an unknown option). */
function invalidInput(endpoint, message) {
  return new InvalidInputError({ kind: 'InvalidInput', message, endpoint, messages: [] })
}

/** Where an SDK error keeps the answer its client recorded for the call (the native payload's
 * `response`), for `client.lastResponse`; not an enumerable property of the error. */
const ANSWER = Symbol('the answer to the failed call')

/** The SDK error a native rejection stands for. */
function fromNative(error) {
  const text = error && typeof error.message === 'string' ? error.message : ''
  if (!text.startsWith('{"kind"')) return error
  let payload
  try {
    payload = JSON.parse(text)
  } catch {
    return error
  }
  const Class = ERROR_CLASSES[payload.kind]
  if (Class) {
    const sdkError = new Class(payload)
    if (payload.response) Object.defineProperty(sdkError, ANSWER, { value: payload.response })
    return sdkError
  }
  if (payload.kind === 'Aborted') return new AbortError(payload.message)
  // A panic in native code (a bug): a plain Error, so nothing mistakes it for an API answer.
  const bug = new Error(payload.message)
  bug.name = payload.kind === 'Panic' ? 'SmtpProviderPanic' : 'Error'
  return bug
}

module.exports = { ANSWER, AbortError, abortError, invalidInput, fromNative }
