'use strict'
// The TLS and proxy test servers (tests/servers in the repository): nginx serving a sandbox with
// certificates from a test CA, and tinyproxy, run from the `smtpprovider-test-servers` binary
// that every language's suite shares. scripts/test.sh builds it and names it in
// SMTPPROVIDER_TEST_SERVERS.

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')

const BINARY_VARIABLE = 'SMTPPROVIDER_TEST_SERVERS'
const REPO = path.resolve(__dirname, '..', '..')
// What nginx logs per handshake the client refused; what precedes tinyproxy's request lines.
const HANDSHAKE_FAILED = 'SSL_do_handshake() failed'
const REQUEST_MARK = 'Request (file descriptor '

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
      return read(servers.proxy.log)
        .split('\n')
        .filter((l) => l.includes(REQUEST_MARK))
        .map((l) => l.split(REQUEST_MARK)[1].split('): ').slice(1).join('): ').trim())
    },
    /** The request line of the proxy's tunnel to `server`. */
    tunnelTo(server) {
      return `CONNECT ${servers[server].url.replace('https://', '').replace(/\/api$/, '')} HTTP/1.1`
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

module.exports = { startRealServers }
