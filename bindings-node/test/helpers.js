'use strict'
// What the tests share: a sandbox per test file and a logged-in client on it.

const { Sandbox } = require('../testing.js')

/** Starts a sandbox (rate limiting off) and a demo client on it; `stop()` ends both. */
async function demo(options) {
  const sandbox = await Sandbox.start(options)
  const client = await sandbox.client({ maxRetries: 0 })
  return {
    sandbox,
    client,
    stop() {
      client.close()
      sandbox.stop()
    },
  }
}

/** The sandbox clock `seconds` from now, as the API writes times (`Y-m-d H:i:s`). */
function later(sandbox, seconds) {
  const now = new Date(sandbox.clock().now.replace(' ', 'T') + 'Z')
  return new Date(now.getTime() + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

module.exports = { demo, later }
