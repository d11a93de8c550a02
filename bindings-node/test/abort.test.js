'use strict'
// Aborting a call: the Promise rejects at once with an `AbortError` and the Rust future is
// dropped (the request in flight with it); the client keeps working.

const test = require('node:test')
const assert = require('node:assert/strict')
const { AbortError, SmtpProviderError } = require('..')
const { demo } = require('./helpers.js')

const LIST = '/v1/smtp-domain-list'

test('abort mid-request (a slow answer) rejects at once with an AbortError', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  sandbox.addFault({ path: LIST, kind: 'delay', delay_ms: 3000 })
  const controller = new AbortController()
  const started = Date.now()
  const call = client.domains.list({ signal: controller.signal })
  setTimeout(() => controller.abort(new Error('user gave up')), 150)
  const error = await call.then(
    () => assert.fail('the call succeeded'),
    (e) => e,
  )
  const took = Date.now() - started
  assert.ok(error instanceof AbortError)
  assert.ok(!(error instanceof SmtpProviderError))
  assert.equal(error.name, 'AbortError')
  assert.equal(error.cause.message, 'user gave up')
  assert.ok(took < 1500, `rejected after ${took} ms, not after the 3 s delay`)
  assert.deepEqual(await client.domains.list(), [], 'the client still works')
})

test('an already aborted signal rejects before sending; a finished call ignores a later abort', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  const aborted = AbortSignal.abort()
  await assert.rejects(client.domains.list({ signal: aborted }), { name: 'AbortError' })
  assert.equal(sandbox.requests(LIST).length, 0, 'nothing was sent')

  const controller = new AbortController()
  assert.deepEqual(await client.domains.list({ signal: controller.signal }), [])
  controller.abort()
  assert.deepEqual(await client.domains.list({ signal: controller.signal }).catch((e) => e.name), 'AbortError')
})

test('AbortSignal.timeout() works as a per-call time limit', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  sandbox.addFault({ path: LIST, kind: 'delay', delay_ms: 2000 })
  await assert.rejects(client.domains.list({ signal: AbortSignal.timeout(100) }), { name: 'AbortError' })
})
