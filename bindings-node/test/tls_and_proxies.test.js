'use strict'
// TLS and proxies with real servers (tests/servers): nginx with a test CA in front of a sandbox,
// tinyproxy, an HTTPS proxy and microsocks (a SOCKS5 proxy), whose logs show what they relayed.
// The same cases as the Rust core's tests/tls.rs and tests/proxies.rs, through this binding's
// options and the process environment. Trust from SSL_CERT_FILE, SSL_CERT_DIR and the operating
// system's store: trust_store.test.js.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Client, APIConnectionError, InvalidInputError } = require('..')
const { startRealServers, isolatedEnvironment, PROXY_VARIABLES, TRUST_VARIABLES } = require('./real_servers.js')

const DEMO = { email: 'demo@example.com', password: 'demo-password' }

/** Fresh servers for one test, and no proxy or trust variables but the ones it sets (`env`). */
async function servers(t, env = () => ({})) {
  const running = await startRealServers()
  t.after(() => running.stop())
  isolatedEnvironment(t, [...PROXY_VARIABLES, ...TRUST_VARIABLES], env(running))
  return running
}

/** Logs in at `baseUrl` and lists the domains. */
async function twoCalls(options) {
  const client = await Client.login({ ...DEMO, ...options })
  assert.deepEqual(await client.domains.list(), [])
  client.close()
}

test('a certificate from an added root (rootCertificates) is trusted', async (t) => {
  const s = await servers(t)
  await twoCalls({ baseUrl: s.trusted.url, rootCertificates: s.caPem })
})

for (const [server, reason] of [
  ['untrusted', /is not signed by a trusted certificate authority/],
  ['expired', /has expired/],
  ['wrong_host', /is not valid for the host name/],
]) {
  test(`a refused certificate (${server}) is a Connection error saying why, after one attempt`, async (t) => {
    const s = await servers(t)
    // A GET, which connection failures would retry: a refusal is not retried.
    const client = new Client({ baseUrl: s[server].url, token: '1|not-used', userId: 1, rootCertificates: s.caPem, maxRetries: 2 })
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
  await twoCalls({ baseUrl: s.trusted.url, rootCertificates: s.caPem, proxy: s.proxy.url })
  assert.deepEqual(s.proxyRequests(), [s.tunnelTo('trusted')], 'one connection for both calls')
})

test('HTTPS_PROXY from the environment is used for https', async (t) => {
  const s = await servers(t, (s) => ({ HTTPS_PROXY: s.proxy.url }))
  await twoCalls({ baseUrl: s.trusted.url, rootCertificates: s.caPem })
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
  await twoCalls({ baseUrl: s.trusted.ip_url, rootCertificates: s.caPem })
  assert.deepEqual(s.proxyRequests(), [])
  await twoCalls({ baseUrl: s.trusted.url, rootCertificates: s.caPem })
  assert.deepEqual(s.proxyRequests(), [s.tunnelTo('trusted')], 'the same server by name is not exempt')
})

test('a proxy scheme other than http, https, socks5 and socks5h is refused, without its credentials', async (t) => {
  const s = await servers(t)
  const proxy = 'ftp://user:secret@127.0.0.1:2121'
  assert.throws(
    () => new Client({ baseUrl: s.trusted.url, token: '1|not-used', userId: 1, proxy }),
    (e) => {
      assert.ok(e instanceof InvalidInputError, String(e))
      assert.ok(
        e.message.includes('proxy ftp://127.0.0.1:2121: the scheme is not one of http://, https://, socks5:// or socks5h://'),
        e.message,
      )
      assert.doesNotMatch(e.message, /secret/)
      return true
    },
  )
})

test('ALL_PROXY naming a socks5h proxy carries https, the proxy resolving the name', async (t) => {
  const s = await servers(t, (s) => ({ ALL_PROXY: s.socks_proxy.url }))
  assert.match(s.socks_proxy.url, /^socks5h:\/\//)
  await twoCalls({ baseUrl: s.trusted.url, rootCertificates: s.caPem })
  // The proxy was given the name, not an address: socks5h.
  assert.deepEqual([...new Set(s.socksConnections())], [s.authorityOf('trusted')])
  assert.deepEqual(s.proxyRequests(), [], 'not the http proxy')
})

test('the proxy option speaks socks5, resolving the name itself', async (t) => {
  const s = await servers(t)
  const socks5 = s.socks_proxy.url.replace('socks5h://', 'socks5://')
  await twoCalls({ baseUrl: s.trusted.ip_url, rootCertificates: s.caPem, proxy: socks5 })
  assert.deepEqual([...new Set(s.socksConnections())], [s.authorityOf('trusted', 'ip_url')])
  // By name, the proxy is given the address the name resolved to here, never the name.
  await twoCalls({ baseUrl: s.trusted.url, rootCertificates: s.caPem, proxy: socks5 })
  const port = s.authorityOf('trusted').split(':').pop()
  const connections = s.socksConnections()
  assert.ok(connections.length >= 2, connections.join('\n'))
  for (const destination of connections) {
    assert.match(destination, new RegExp(`^(127\\.0\\.0\\.1|\\[?::1\\]?):${port}$`), connections.join('\n'))
  }
})

test('an https proxy option is spoken over TLS and tunnels https', async (t) => {
  const s = await servers(t)
  assert.match(s.https_proxy.url, /^https:\/\/localhost:/)
  // The test CA signs the proxy's certificate as well as the server's.
  await twoCalls({ baseUrl: s.trusted.url, rootCertificates: s.caPem, proxy: s.https_proxy.url })
  assert.deepEqual(s.httpsProxyRequests(), [s.tunnelTo('trusted')], 'one connection for both calls')
  assert.deepEqual(s.proxyRequests(), [], 'not the plain http proxy')
})

test('HTTPS_PROXY naming an https proxy is spoken over TLS', async (t) => {
  const s = await servers(t, (s) => ({ HTTPS_PROXY: s.https_proxy.url }))
  await twoCalls({ baseUrl: s.trusted.url, rootCertificates: s.caPem })
  assert.deepEqual(s.httpsProxyRequests(), [s.tunnelTo('trusted')])
  assert.deepEqual(s.proxyRequests(), [])
})

test('an https proxy whose certificate is not trusted is a Connection error, and nothing passes it', async (t) => {
  const s = await servers(t)
  // Plain http inside: the proxy's is the only certificate there is to refuse.
  const target = { baseUrl: s.https_proxy.plain_http_url, allowInsecureHttp: true }
  const client = new Client({ ...target, token: '1|not-used', userId: 1, proxy: s.https_proxy.url, maxRetries: 0 })
  await assert.rejects(client.domains.list(), (e) => {
    assert.ok(e instanceof APIConnectionError, String(e))
    assert.equal(e.code, 'Connection')
    assert.match(e.message, /is not signed by a trusted certificate authority/)
    return true
  })
  assert.deepEqual(s.httpsProxyRequests(), [])
})
