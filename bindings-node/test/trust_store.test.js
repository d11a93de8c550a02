'use strict'
// Where trust comes from besides the rootCertificates option, against nginx with certificates from a test CA
// (tests/servers): SSL_CERT_FILE, SSL_CERT_DIR, and the operating system's store (the test CA
// installed by tests/servers/with-system-ca.sh in a child process's own mount namespace, so the
// machine's store is never touched; needs root, as CI has). The same cases as the Rust core's
// tests/trust_store.rs. The core reads the variables when a client is built; this file's tests run
// one at a time, in a process of their own.

const test = require('node:test')
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { promisify } = require('node:util')
const { Client, APIConnectionError } = require('..')
const { startRealServers, isolatedEnvironment, PROXY_VARIABLES, TRUST_VARIABLES } = require('./real_servers.js')

const DEMO = { email: 'demo@example.com', password: 'demo-password' }
/** What a call to a server whose CA is not trusted says. */
const UNKNOWN_ISSUER = /is not signed by a trusted certificate authority/
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'

/** Fresh servers for one test, with neither proxy nor trust variables; returns them and a
 * function setting the trust variables to exactly what it is given. */
async function servers(t) {
  const running = await startRealServers()
  t.after(() => running.stop())
  const setEnvironment = isolatedEnvironment(t, [...PROXY_VARIABLES, ...TRUST_VARIABLES])
  return { s: running, setEnvironment }
}

/** A client built now for `url`, given no extra root. */
const clientFor = (url) => new Client({ baseUrl: url, token: '1|not-used', userId: 1, maxRetries: 0 })

/** Logs in at `url` with a client built now, given no extra root, and lists the domains. */
async function twoCalls(url) {
  const client = await Client.login({ ...DEMO, baseUrl: url })
  assert.deepEqual(await client.domains.list(), [])
  client.close()
}

/** A call with `client` is refused: the server's CA is not trusted. */
async function assertRefused(client) {
  await assert.rejects(client.domains.list(), (e) => {
    assert.ok(e instanceof APIConnectionError, String(e))
    assert.equal(e.code, 'Connection')
    assert.match(e.message, UNKNOWN_ISSUER)
    return true
  })
}

test('SSL_CERT_FILE names an extra root, read when a client is built', async (t) => {
  const { s, setEnvironment } = await servers(t)
  const before = clientFor(s.trusted.url)
  await assertRefused(before)
  setEnvironment({ SSL_CERT_FILE: s.ca_pem })
  await twoCalls(s.trusted.url)
  // The client built before the variable was set keeps the trust it was built with.
  await assertRefused(before)
  assert.equal(await s.failedHandshakes('trusted'), 2, 'only the calls of the client built before')
})

test('SSL_CERT_DIR names a directory of extra roots (hashed, as OpenSSL reads it)', async (t) => {
  const { s, setEnvironment } = await servers(t)
  assert.deepEqual(
    fs.readdirSync(s.ca_dir).filter((name) => !/^[0-9a-f]{8}\.0$/.test(name)),
    [],
    'only <subject hash>.0 files',
  )
  await assertRefused(clientFor(s.trusted.url))
  setEnvironment({ SSL_CERT_DIR: s.ca_dir })
  await twoCalls(s.trusted.url)
  // A certificate from another CA is still refused.
  await assertRefused(clientFor(s.untrusted.url))
})

/** A child `node` (optionally through `wrapper`, given the CA) logging in at `url` with no extra
 * root and no SSL_* or proxy variable; resolves to what it printed: `{ domains }` or `{ code,
 * message }`. */
async function childCall(s, url, wrapper) {
  const script = `
    const { Client } = require(${JSON.stringify(path.resolve(__dirname, '..'))})
    Client.login({ ...${JSON.stringify(DEMO)}, baseUrl: ${JSON.stringify(url)}, maxRetries: 0 })
      .then((client) => client.domains.list())
      .then(
        (domains) => console.log(JSON.stringify({ domains })),
        (e) => console.log(JSON.stringify({ code: e.code, message: e.message })),
      )
  `
  const env = { ...process.env }
  for (const name of Object.keys(env)) {
    if (name.startsWith('SSL_') || PROXY_VARIABLES.includes(name) || name === 'NODE_TEST_CONTEXT') delete env[name]
  }
  const node = [process.execPath, '-e', script]
  const [file, ...args] = wrapper ? [wrapper, s.ca_pem, ...node] : node
  const { stdout } = await promisify(execFile)(file, args, { env, timeout: 60000 })
  const lines = stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1])
}

/** The system bundle's sha256. */
const digest = () => crypto.createHash('sha256').update(fs.readFileSync(SYSTEM_BUNDLE)).digest('hex')

test("the operating system's store is trusted with no root given, and left unchanged", async (t) => {
  const { s } = await servers(t)
  const before = digest()
  const withCaInstalled = await childCall(s, s.trusted.url, s.with_system_ca)
  assert.deepEqual(withCaInstalled, { domains: [] })
  const without = await childCall(s, s.trusted.url, null)
  assert.equal(without.code, 'Connection', JSON.stringify(without))
  assert.match(without.message, UNKNOWN_ISSUER)
  assert.equal(digest(), before, `${SYSTEM_BUNDLE} changed`)
  // ...and the process running the tests does not trust the test CA either.
  await assertRefused(clientFor(s.trusted.url))
})
