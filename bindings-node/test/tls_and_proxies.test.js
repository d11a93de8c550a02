'use strict'
// TLS and proxies with real servers (tests/servers): nginx with a test CA in front of a sandbox,
// and tinyproxy, whose log shows what it relayed. The same cases as the Rust core's
// tests/tls.rs and tests/proxies.rs, through this binding's options and the process environment.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Client, APIConnectionError, InvalidInputError } = require('..')
const { startRealServers } = require('./real_servers.js')

const DEMO = { email: 'demo@example.com', password: 'demo-password' }
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy']

/** Fresh servers for one test, and no proxy variables but the ones it sets (`env`). */
async function servers(t, env = () => ({})) {
  const running = await startRealServers()
  const clear = () => PROXY_VARIABLES.forEach((name) => delete process.env[name])
  clear()
  Object.assign(process.env, env(running))
  t.after(async () => {
    clear()
    await running.stop()
  })
  return running
}

/** Logs in at `baseUrl` and lists the domains. */
async function twoCalls(options) {
  const client = await Client.login({ ...DEMO, ...options })
  assert.deepEqual(await client.domains.list(), [])
  client.close()
}

test('a certificate from an added root (caPem) is trusted', async (t) => {
  const s = await servers(t)
  await twoCalls({ baseUrl: s.trusted.url, caPem: s.caPem })
})

for (const [server, reason] of [
  ['untrusted', /is not signed by a trusted certificate authority/],
  ['expired', /has expired/],
  ['wrong_host', /is not valid for the host name/],
]) {
  test(`a refused certificate (${server}) is a Connection error saying why, after one attempt`, async (t) => {
    const s = await servers(t)
    // A GET, which connection failures would retry: a refusal is not retried.
    const client = new Client({ baseUrl: s[server].url, token: '1|not-used', userId: 1, caPem: s.caPem, maxRetries: 2 })
    await assert.rejects(client.domains.list(), (e) => {
      assert.ok(e instanceof APIConnectionError, String(e))
      assert.equal(e.code, 'Connection')
      assert.match(e.message, reason)
      return true
    })
    assert.equal(await s.failedHandshakes(server), 1)
  })
}

test('plain http to a host that is not loopback needs allowInsecureHttp', async (t) => {
  const s = await servers(t)
  // api.smtp.test is reachable only through the proxy, which relays it to the sandbox.
  const throughProxy = { baseUrl: s.proxy.plain_http_url, proxy: s.proxy.url }
  await assert.rejects(Client.login({ ...DEMO, ...throughProxy }), (e) => {
    assert.ok(e instanceof InvalidInputError, String(e))
    assert.match(e.message, /allow_insecure_http/)
    return true
  })
  assert.deepEqual(s.proxyRequests(), [], 'nothing was sent')
  await twoCalls({ ...throughProxy, allowInsecureHttp: true })
  const requests = s.proxyRequests()
  assert.match(requests[0], /^POST http:\/\/api\.smtp\.test\/api\/smtp-token-generate /)
  assert.equal(requests.length, 2, requests.join('\n'))
})

test('the proxy option tunnels https through the proxy', async (t) => {
  const s = await servers(t)
  await twoCalls({ baseUrl: s.trusted.url, caPem: s.caPem, proxy: s.proxy.url })
  assert.deepEqual(s.proxyRequests(), [s.tunnelTo('trusted')], 'one connection for both calls')
})

test('HTTPS_PROXY from the environment is used for https', async (t) => {
  const s = await servers(t, (s) => ({ HTTPS_PROXY: s.proxy.url }))
  await twoCalls({ baseUrl: s.trusted.url, caPem: s.caPem })
  assert.deepEqual(s.proxyRequests(), [s.tunnelTo('trusted')])
})

test('HTTP_PROXY from the environment is used for plain http', async (t) => {
  const s = await servers(t, (s) => ({ HTTP_PROXY: s.proxy.url }))
  await twoCalls({ baseUrl: s.proxy.plain_http_url, allowInsecureHttp: true })
  const requests = s.proxyRequests()
  assert.equal(requests.length, 2, requests.join('\n'))
  assert.match(requests[1], /^GET http:\/\/api\.smtp\.test\/api\/v1\/smtp-domain-list\?/)
})

test('NO_PROXY hosts are reached directly', async (t) => {
  const s = await servers(t, (s) => ({ HTTPS_PROXY: s.proxy.url, NO_PROXY: '127.0.0.1' }))
  await twoCalls({ baseUrl: s.trusted.ip_url, caPem: s.caPem })
  assert.deepEqual(s.proxyRequests(), [])
  await twoCalls({ baseUrl: s.trusted.url, caPem: s.caPem })
  assert.deepEqual(s.proxyRequests(), [s.tunnelTo('trusted')], 'the same server by name is not exempt')
})
