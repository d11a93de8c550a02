'use strict'
// A panic in native code rejects the Promise with an Error and leaves the process running.

const test = require('node:test')
const assert = require('node:assert/strict')
const native = require('../native.js')
const { SmtpProviderError } = require('..')
const { fromNative } = require('../lib/errors.js')
const { demo } = require('./helpers.js')

// The panics below are expected: keep Rust's panic message to one line in the test log.
process.env.RUST_BACKTRACE = '0'

test('a panic becomes a rejected Promise, or a thrown Error in a synchronous method', async (t) => {
  const error = await native.__panicForTesting('boom', true).then(
    () => assert.fail('resolved'),
    (e) => fromNative(e),
  )
  assert.ok(error instanceof Error)
  assert.ok(!(error instanceof SmtpProviderError), 'a bug is not an API error')
  assert.equal(error.name, 'SmtpProviderPanic')
  assert.match(error.message, /panicked \(boom\)/)
  assert.deepEqual(await native.__panicForTesting('', true), [null, ''], 'the guard passes answers through')

  assert.throws(() => native.__panicForTesting('at once', false), (e) => e instanceof Error && /at once/.test(e.message))

  const { client, stop } = await demo()
  t.after(stop)
  assert.deepEqual(await client.domains.list(), [], 'calls still work after a panic')
})
