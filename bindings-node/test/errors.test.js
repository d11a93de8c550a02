'use strict'
// Every error kind, produced for real against a sandbox, arrives as its own class with `code`
// equal to the kind and what the core knows (status, endpoint, messages, retryAfter).

const test = require('node:test')
const assert = require('node:assert/strict')
const sdk = require('..')
const { demo } = require('./helpers.js')

const { Client, SmtpProviderError, ERROR_CLASSES } = sdk
const LIST = '/v1/smtp-domain-list'

/** The rejection of `promise`, which must reject. */
async function rejection(promise) {
  try {
    await promise
  } catch (error) {
    return error
  }
  assert.fail('the call succeeded')
}

test('one class per kind, all under SmtpProviderError', () => {
  assert.deepEqual(Object.keys(ERROR_CLASSES), [
    'Authentication',
    'WrongUser',
    'Validation',
    'NotFound',
    'RateLimited',
    'Server',
    'Timeout',
    'Connection',
    'Decode',
    'InvalidInput',
  ])
  for (const [kind, Class] of Object.entries(ERROR_CLASSES)) {
    assert.equal(sdk[Class.name], Class, `${Class.name} is exported`)
    assert.ok(Class.prototype instanceof SmtpProviderError, kind)
    assert.ok(SmtpProviderError.prototype instanceof Error)
  }
})

test('every kind, for real', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  const seen = new Map()
  const expectKind = async (kind, promise, check = () => {}) => {
    const error = await rejection(promise)
    assert.ok(error instanceof ERROR_CLASSES[kind], `${kind}: got ${error.name}: ${error.message}`)
    assert.ok(error instanceof SmtpProviderError)
    assert.equal(error.code, kind)
    assert.equal(error.name, ERROR_CLASSES[kind].name)
    check(error)
    seen.set(kind, error)
  }

  await expectKind('Authentication', Client.login({ email: 'demo@example.com', password: 'nope', baseUrl: sandbox.baseUrl }), (e) => {
    assert.equal(e.status, 401)
    assert.equal(e.endpoint, 'client.login')
  })
  const other = await sandbox.client({ email: sandbox.createUser('o@example.com', 'o-password').email, password: 'o-password' })
  const wrongUser = new Client({ token: other.token, userId: client.userId, baseUrl: sandbox.baseUrl, maxRetries: 0 })
  await expectKind('WrongUser', wrongUser.domains.list(), (e) => assert.equal(e.status, 403))
  await client.domains.add('example.com')
  await expectKind('Validation', client.domains.add('example.com'), (e) => {
    assert.equal(e.status, 422)
    assert.deepEqual(e.messages, ['The domain name has already been taken.'])
    assert.equal(e.endpoint, 'domains.add')
  })
  await expectKind('NotFound', client.templates.get(9999), (e) => assert.equal(e.status, 404))
  await expectKind('InvalidInput', client.domains.add('not a host'), (e) => {
    assert.equal(e.status, null)
    assert.match(e.message, /domain_name/)
  })

  sandbox.addFault({ path: LIST, kind: 'status', status: 503 })
  await expectKind('Server', client.domains.list(), (e) => assert.equal(e.status, 503))
  sandbox.addFault({ path: LIST, kind: 'status', status: 200, body: { success: true, data: { domains: [{ id: 1 }] } } })
  await expectKind('Decode', client.domains.list(), (e) => assert.match(e.message, /domain_name/))
  sandbox.addFault({ path: LIST, kind: 'drop' })
  await expectKind('Connection', client.domains.list())
  sandbox.addFault({ path: LIST, kind: 'delay', delay_ms: 1500 })
  await expectKind('Timeout', client.domains.list({ timeout: 200 }))

  sandbox.setRateLimit(2)
  // Unpaced, so that the server's own 429 comes back (a paced client waits for the window).
  const limited = await sandbox.client({ maxRetries: 0, paceRequests: false })
  await limited.domains.list()
  await limited.domains.list()
  await expectKind('RateLimited', limited.domains.list(), (e) => {
    assert.equal(e.status, 429)
    assert.equal(typeof e.retryAfter, 'number')
    assert.ok(e.retryAfter > 0)
    assert.equal(e.headers['x-ratelimit-limit'], '2')
    assert.ok('retry-after' in e.headers)
  })

  assert.deepEqual([...seen.keys()].sort(), Object.keys(ERROR_CLASSES).sort(), 'every kind was produced')
})

test('bad options are InvalidInput errors, never a crash or a bare string', async () => {
  assert.throws(() => new Client({ baseUrl: 'http://127.0.0.1:9/api', tokn: 'x' }), {
    name: 'InvalidInputError',
    message: /unknown option "tokn"/,
  })
  assert.throws(() => new Client({ baseUrl: 'http://127.0.0.1:9/api', token: 't' }), { code: 'InvalidInput', message: /go together/ })
  assert.throws(() => new Client({ baseUrl: 'http://127.0.0.1:9/api', token: 't', userId: -1 }), { code: 'InvalidInput' })
  assert.throws(() => new Client({ baseUrl: 'http://example.com/api' }), { code: 'InvalidInput', message: /http/ })
  // Durations past what the clock holds, or not numbers at all, are refused (not a panic).
  for (const timeout of [1e30, -1, '5']) {
    assert.throws(() => new Client({ baseUrl: 'http://127.0.0.1:9/api', timeout }), { code: 'InvalidInput', message: /timeout must be/ })
  }
  const client = new Client({ baseUrl: 'http://127.0.0.1:9/api', maxRetries: 0 })
  await assert.rejects(client.domains.list(), { code: 'Authentication', message: /no token/ })
  await assert.rejects(client.domains.list({ timeot: 5 }), { code: 'InvalidInput', message: /unknown option "timeot"/ })
  await assert.rejects(client.templates.get(0), { code: 'InvalidInput' })
  await assert.rejects(client._call('domains.frobnicate', {}), { code: 'InvalidInput', message: /unknown call/ })
})

test('without a base URL or SMTPPROVIDER_BASE_URL the error names both', (t) => {
  const saved = process.env.SMTPPROVIDER_BASE_URL
  delete process.env.SMTPPROVIDER_BASE_URL
  t.after(() => {
    if (saved !== undefined) process.env.SMTPPROVIDER_BASE_URL = saved
  })
  assert.throws(() => new Client({ token: 't', userId: 1 }), (error) => {
    assert.equal(error.code, 'InvalidInput')
    assert.match(error.message, /base_url|baseUrl/)
    assert.match(error.message, /SMTPPROVIDER_BASE_URL/)
    return true
  })
})
