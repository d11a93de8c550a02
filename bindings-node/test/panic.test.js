'use strict'
// A panic in native code rejects the Promise with an Error and leaves the process running.

const test = require('node:test')
const assert = require('node:assert/strict')
const native = require('../native.js')
const { SmtpProviderError } = require('..')
const { fromNative } = require('../lib/errors.js')
const { demo } = require('./helpers.js')

test('a panic becomes a rejected Promise with an Error', async (t) => {
  const error = await native.__panicForTesting('boom').then(
    () => assert.fail('resolved'),
    (e) => fromNative(e),
  )
  assert.ok(error instanceof Error)
  assert.ok(!(error instanceof SmtpProviderError), 'a bug is not an API error')
  assert.equal(error.name, 'SmtpProviderPanic')
  assert.match(error.message, /panicked \(boom\)/)
  assert.equal(await native.__panicForTesting(''), '', 'the guard passes answers through')

  const { client, stop } = await demo()
  t.after(stop)
  assert.deepEqual(await client.domains.list(), [], 'calls still work after a panic')
})
