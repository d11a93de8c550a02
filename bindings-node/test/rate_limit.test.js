'use strict'
// Pacing under the rate limit, against a sandbox throttled to 10 calls per 1.5 s window:
// concurrent calls end at the floor without one 429 in the sandbox's log, a call whose deadline
// would pass while waiting rejects at once with nothing sent, and the rate-limit state is
// readable on the client and on the error.

const test = require('node:test')
const assert = require('node:assert/strict')
const { RateLimitError } = require('..')
const { Sandbox } = require('../testing.js')

const LIMIT = 10
const WINDOW = 1500

async function throttled(t) {
  const sandbox = await Sandbox.start({ rateLimit: LIMIT, rateLimitWindow: WINDOW })
  t.after(() => sandbox.stop())
  return sandbox
}

const apiStatuses = (sandbox) =>
  sandbox.requests().filter((r) => !r.path.endsWith('/smtp-token-generate')).map((r) => r.status)

test('concurrent calls end at the floor without a 429', async (t) => {
  const sandbox = await throttled(t)
  const client = await sandbox.client({ rateLimitWindow: WINDOW })
  const calls = 35
  const started = performance.now()
  await Promise.all(Array.from({ length: calls }, () => client.domains.list()))
  const elapsed = performance.now() - started
  assert.deepEqual(apiStatuses(sandbox), Array(calls).fill(200))
  const floor = WINDOW * Math.floor((calls - 1) / LIMIT)
  assert.ok(elapsed >= floor && elapsed < floor + WINDOW, `${elapsed} ms against the floor ${floor} ms`)
  const state = client.rateLimit
  assert.equal(state.limit, LIMIT)
  assert.ok(state.reset instanceof Date)
})

test('a deadline shorter than the wait rejects at once, nothing sent', async (t) => {
  const sandbox = await throttled(t)
  const client = await sandbox.client({ rateLimitWindow: WINDOW })
  for (let i = 0; i < LIMIT; i++) await client.domains.list()
  sandbox.clearRequests()
  const started = performance.now()
  await assert.rejects(client.domains.list({ deadline: 200 }), (e) => {
    assert.ok(e instanceof RateLimitError, String(e))
    assert.ok(e.retryAfter > 0)
    assert.equal(e.rateLimit.remaining, 0)
    return true
  })
  assert.ok(performance.now() - started < 150, 'at once')
  await assert.rejects(client.withOptions({ waitForRateLimit: false }).domains.list(), RateLimitError)
  assert.deepEqual(apiStatuses(sandbox), [])
  await client.domains.list() // the default waits for the window
  assert.deepEqual(apiStatuses(sandbox), [200])
})

test('without pacing a 429 is received and retried', async (t) => {
  const sandbox = await throttled(t)
  const client = await sandbox.client({ paceRequests: false, maxRetries: 3 })
  await Promise.all(Array.from({ length: LIMIT + 2 }, () => client.domains.list()))
  assert.ok(apiStatuses(sandbox).includes(429))
  assert.equal(client.rateLimit, null)
})

test('the last answer is readable on the handle that made the call', async (t) => {
  const sandbox = await throttled(t)
  const client = await sandbox.client({ rateLimitWindow: WINDOW })
  assert.equal(client.lastResponse, null)
  await client.domains.list()
  const listed = client.lastResponse
  assert.equal(listed.endpoint, 'domains.list')
  assert.equal(listed.status, 200)
  assert.equal(listed.headers['x-ratelimit-limit'], String(LIMIT))
  assert.equal(listed.rateLimit.limit, LIMIT)
  assert.equal(String(listed.rateLimit.remaining), listed.headers['x-ratelimit-remaining'])
  assert.ok(listed.rateLimit.reset instanceof Date)

  const own = client.withOptions({})
  assert.equal(own.lastResponse, null, 'a withOptions handle keeps its own')
  const error = await own.templates.get(999999).catch((e) => e)
  assert.equal(error.status, 404)
  const missing = own.lastResponse
  assert.equal(missing.endpoint, 'templates.get')
  assert.equal(missing.status, 404)
  assert.deepEqual(missing.headers, error.headers)
  // What the answer stated, as every language reads it (an error's own is the pacer's budget).
  assert.equal(String(missing.rateLimit.remaining), missing.headers['x-ratelimit-remaining'])
  assert.equal(client.lastResponse.endpoint, 'domains.list', "the client's own is unchanged")

  // A call with a signal takes the same path to its answer.
  await client.senders.list({ signal: new AbortController().signal })
  assert.equal(client.lastResponse.endpoint, 'senders.list')
})
