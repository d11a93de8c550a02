'use strict'
// Client options that change how calls travel: an extra root CA (the testing sandbox's TLS),
// per-client and per-call time limits and retries. Proxies and refused certificates, with real
// servers: tls_and_proxies.test.js.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Client, APIConnectionError } = require('..')
const { Sandbox } = require('../testing.js')
const { demo } = require('./helpers.js')

// The test CA and the localhost certificate it signed, shared with the Python binding's tests.
const FIXTURES = path.resolve(__dirname, '..', '..', 'bindings-python', 'tests', 'fixtures')
const fixture = (name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8')
const LIST = '/v1/smtp-domain-list'

test('an extra CA (rootCertificates) is trusted, and only then', async (t) => {
  const tls = await Sandbox.start({ tlsCertPem: fixture('localhost.pem'), tlsKeyPem: fixture('localhost.key') })
  t.after(() => tls.stop())
  assert.match(tls.baseUrl, /^https:\/\//)
  const login = { email: 'demo@example.com', password: 'demo-password', baseUrl: tls.baseUrl, maxRetries: 0 }
  await assert.rejects(Client.login(login), (e) => e instanceof APIConnectionError)
  const client = await Client.login({ ...login, rootCertificates: fixture('test-ca.pem') })
  assert.deepEqual(await client.domains.list(), [])
})

test('timeouts and retries, per client and per call', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  const patient = await sandbox.client({ timeout: 100, maxRetries: 2 })
  sandbox.addFault({ path: LIST, kind: 'delay', delay_ms: 400, times: 3 })
  await assert.rejects(patient.domains.list(), { code: 'Timeout' })
  sandbox.clearFaults()

  sandbox.clearRequests()
  sandbox.addFault({ path: LIST, kind: 'status', status: 503, times: 2 })
  assert.deepEqual(await client.domains.list({ maxRetries: 2 }), [], 'two 503s, then the answer')
  assert.equal(sandbox.requests(LIST).length, 3)
  sandbox.addFault({ path: LIST, kind: 'status', status: 503 })
  await assert.rejects(client.domains.list(), { code: 'Server' }, 'the client says no retries')

  sandbox.addFault({ path: LIST, kind: 'delay', delay_ms: 400 })
  await assert.rejects(client.domains.list({ timeout: 100 }), { code: 'Timeout' })
  const deadline = await sandbox.client({ deadline: 150, maxRetries: 5 })
  sandbox.addFault({ path: LIST, kind: 'status', status: 503, times: 10 })
  const started = Date.now()
  await assert.rejects(deadline.domains.list(), (e) => e.code === 'Server' || e.code === 'Timeout')
  assert.ok(Date.now() - started < 2000, 'the deadline bounds the retries')
})

test('the User-Agent names the SDK, Node and the platform; userAgent replaces it', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  const { version } = require('../package.json')
  // The platform as Rust names it (std::env::consts).
  const os = { darwin: 'macos', win32: 'windows' }[process.platform] ?? process.platform
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch
  sandbox.clearRequests()
  await client.domains.list()
  const expected = `smtpprovider-node/${version} (Node ${process.versions.node}; ${os} ${arch})`
  assert.deepEqual(sandbox.requests().map((r) => r.user_agent), [expected])
  const own = await sandbox.client({ userAgent: 'shop-sync/2.0' })
  await own.domains.list()
  assert.equal(sandbox.requests().at(-1).user_agent, 'shop-sync/2.0')
})

test('withOptions: the same session and connections, other call options; a call still gives its own', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  const patient = client.withOptions({ maxRetries: 3, deadline: 60000 })
  assert.equal(patient.userId, client.userId)
  sandbox.clearRequests()
  sandbox.addFault({ path: LIST, kind: 'status', status: 503, times: 3 })
  assert.deepEqual(await patient.domains.list(), [], 'three 503s retried, then the answer')
  assert.equal(sandbox.requests(LIST).length, 4)

  sandbox.clearRequests()
  sandbox.addFault({ path: LIST, kind: 'status', status: 503, times: 1 })
  await assert.rejects(patient.domains.list({ maxRetries: 0 }), { code: 'Server' }, 'the call’s own option wins')
  sandbox.addFault({ path: LIST, kind: 'status', status: 503, times: 1 })
  await assert.rejects(client.domains.list({ maxRetries: 0 }), { code: 'Server' }, 'the original client is unchanged')

  // A POST that may have been processed is retried only when asked (this client retries nothing
  // unless told: demo()'s maxRetries is 0).
  sandbox.clearRequests()
  sandbox.addFault({ path: '/v1/smtp-mailing-add', kind: 'status', status: 503, times: 1 })
  await assert.rejects(client.mailingLists.add('Once'), { code: 'Server' })
  sandbox.addFault({ path: '/v1/smtp-mailing-add', kind: 'status', status: 503, times: 1 })
  const eager = client.withOptions({ retryNonIdempotent: true, maxRetries: 1 })
  assert.equal((await eager.mailingLists.add('Twice')).name, 'Twice')

  // A short deadline per call.
  sandbox.addFault({ path: LIST, kind: 'delay', delay_ms: 1000, times: 1 })
  await assert.rejects(client.domains.list({ deadline: 200 }), { code: 'Timeout' })

  assert.throws(() => client.withOptions({ signal: new AbortController().signal }), { code: 'InvalidInput' })
  assert.throws(() => client.withOptions({ timout: 5 }), { code: 'InvalidInput' })
})
