'use strict'
// The TLS and proxy test servers (tests/servers in the repository): nginx serving a sandbox with
// certificates from a test CA, tinyproxy, an HTTPS proxy (TLS in front of another tinyproxy) and
// microsocks, run from the `smtpprovider-test-servers` binary that every language's suite shares.
// scripts/test.sh builds it and names it in SMTPPROVIDER_TEST_SERVERS.

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')

const BINARY_VARIABLE = 'SMTPPROVIDER_TEST_SERVERS'
const REPO = path.resolve(__dirname, '..', '..')
// What nginx logs per handshake the client refused; what precedes tinyproxy's request lines
// (`Request (file descriptor 5): CONNECT ...`); what precedes microsocks' destinations
// (`client[5] 127.0.0.1: connected to localhost:PORT`). As tests/servers/src/lib.rs reads them.
const HANDSHAKE_FAILED = 'SSL_do_handshake() failed'
const REQUEST_MARK = 'Request (file descriptor '
const CONNECTED_MARK = ': connected to '

/** The binary: SMTPPROVIDER_TEST_SERVERS, else the Cargo target directory's debug build. */
function binary() {
  const target = process.env.CARGO_TARGET_DIR || path.join(REPO, 'target')
  const file = process.env[BINARY_VARIABLE] || path.join(target, 'debug', 'smtpprovider-test-servers')
  if (!fs.existsSync(file)) {
    throw new Error(
      `${file} does not exist: build it with \`cargo build -p smtpprovider-test-servers\` ` +
        `(bindings-node/scripts/test.sh does) or set ${BINARY_VARIABLE}`,
    )
  }
  return file
}

const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')
/** The request lines in a tinyproxy log (`CONNECT localhost:PORT HTTP/1.1`, ...). */
const requestsIn = (log) =>
  read(log)
    .split('\n')
    .filter((l) => l.includes(REQUEST_MARK))
    .map((l) => l.split(REQUEST_MARK)[1].split('): ').slice(1).join('): ').trim())
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts the servers; resolves to their JSON description with helpers and `stop()`. */
async function startRealServers() {
  const child = spawn(binary(), [], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise((resolve) => child.on('exit', resolve))
  const line = await new Promise((resolve) => {
    const lines = readline.createInterface({ input: child.stdout })
    lines.once('line', resolve)
    lines.once('close', () => resolve(null))
  })
  if (line === null) {
    await exited
    throw new Error(`the test servers did not start: ${stderr.trim()}`)
  }
  const servers = JSON.parse(line)
  return {
    ...servers,
    caPem: fs.readFileSync(servers.ca_pem, 'utf8'),
    /** The request lines tinyproxy relayed so far (`CONNECT localhost:PORT HTTP/1.1`, ...). */
    proxyRequests() {
      return requestsIn(servers.proxy.log)
    },
    /** The request lines the HTTPS proxy (TLS, then a tinyproxy of its own) relayed so far. */
    httpsProxyRequests() {
      return requestsIn(servers.https_proxy.log)
    },
    /** The destinations microsocks connected to so far, as the clients named them (`HOST:PORT`);
     * it logs each before it answers the client. */
    socksConnections() {
      return read(servers.socks_proxy.log)
        .split('\n')
        .filter((l) => l.includes(CONNECTED_MARK))
        .map((l) => l.slice(l.indexOf(CONNECTED_MARK) + CONNECTED_MARK.length).trim())
    },
    /** `localhost:PORT` of `server` (`url`, or `ip_url` for `127.0.0.1:PORT`). */
    authorityOf(server, which = 'url') {
      return servers[server][which].replace('https://', '').replace(/\/api$/, '')
    },
    /** The request line of the proxy's tunnel to `server`. */
    tunnelTo(server) {
      return `CONNECT ${this.authorityOf(server)} HTTP/1.1`
    },
    /** TLS handshakes `server` saw refused, once nginx's log has settled (it logs a refusal a
     * moment after the client gave up). */
    async failedHandshakes(server) {
      const count = () => read(servers[server].error_log).split(HANDSHAKE_FAILED).length - 1
      let seen = count()
      for (const deadline = Date.now() + 2000; Date.now() < deadline; ) {
        await sleep(150)
        const now = count()
        if (now === seen && now > 0) break
        seen = now
      }
      return seen
    },
    /** Closing stdin stops every server (the binary's contract). */
    async stop() {
      child.stdin.end()
      await exited
    },
  }
}

/** Sets exactly `set` of the environment variables `names` for one test (the rest removed), as
 * the core reads them when a client is built, and puts back what was there when the test ends.
 * `process.env` is the process's real environment; the tests of a file run one at a time and each
 * file in its own process, so no other test sees it. Returns a function to change them mid-test. */
function isolatedEnvironment(t, names, set = {}) {
  const saved = Object.fromEntries(names.filter((n) => n in process.env).map((n) => [n, process.env[n]]))
  const apply = (values) => {
    names.forEach((name) => delete process.env[name])
    Object.assign(process.env, values)
  }
  apply(set)
  t.after(() => apply(saved))
  return apply
}

/** Every variable the core reads for proxies and trust, either case where curl reads both. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy']
const TRUST_VARIABLES = ['SSL_CERT_FILE', 'SSL_CERT_DIR']

module.exports = { startRealServers, isolatedEnvironment, PROXY_VARIABLES, TRUST_VARIABLES }
