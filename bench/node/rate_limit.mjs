// A bulk job at the rate limit (issue 26), the Node side of bench/python/rate_limit.py: N calls
// from W concurrent workers against a sandbox allowing L calls per window, three ways in one
// run — the SDK pacing itself (its default), the SDK unpaced (retrying after each 429's
// Retry-After), and `undici.request` in the loop its users write (retry after a 429's
// Retry-After). Each way gets a fresh sandbox and token, so each starts on a fresh window.
// Reported: the time against the floor (⌊(N−1)/L⌋ windows), the 429s in the sandbox's request
// log, the calls that failed.
//
//   node bench/node/rate_limit.mjs [--calls 250] [--workers 8] [--limit 100] [--window 5]

import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bindings-node')
const require = createRequire(path.join(packageDir, 'package.json'))
const { Sandbox } = require('./testing.js')
const { request } = require('undici')

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const at = args.indexOf(name)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const CALLS = option('--calls', 250)
const WORKERS = option('--workers', 8)
const LIMIT = option('--limit', 100)
const WINDOW_S = option('--window', 5)

/** The SDK's call, paced or not. */
async function sdkCall(sandbox, pace) {
  const client = await sandbox.client({ paceRequests: pace, rateLimitWindow: WINDOW_S * 1000, maxRetries: 10, deadline: 600_000 })
  return () => client.domains.list()
}

/** The loop an undici user writes: send; on a 429 wait its Retry-After and send again. */
async function undiciCall(sandbox) {
  const session = await sandbox.client() // the session from the SDK's login, which is not measured
  const url = `${sandbox.baseUrl}/v1/smtp-domain-list?user_id=${session.userId}`
  const headers = { authorization: `Bearer ${session.token}`, accept: 'application/json' }
  return async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const { statusCode, headers: answer, body } = await request(url, { headers })
      if (statusCode === 429) {
        await body.dump()
        await sleep(Number(answer['retry-after'] ?? 1) * 1000)
        continue
      }
      const json = await body.json()
      if (statusCode !== 200 || !json.success) throw new Error(`HTTP ${statusCode}`)
      return json.data.domains
    }
    throw new Error('still rate limited after 10 tries')
  }
}

async function run(name, make) {
  const sandbox = await Sandbox.start({ rateLimit: LIMIT, rateLimitWindow: WINDOW_S * 1000 })
  try {
    const call = await make(sandbox)
    sandbox.clearRequests()
    let next = 0
    let failed = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < CALLS) {
          next += 1
          await call().catch(() => { failed += 1 })
        }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    const statuses = sandbox.requests().filter((r) => !r.path.endsWith('/smtp-token-generate')).map((r) => r.status)
    const floor = WINDOW_S * Math.floor((CALLS - 1) / LIMIT)
    const requests = statuses.length
    const refused = statuses.filter((s) => s === 429).length
    console.log(`| ${name} | ${seconds.toFixed(2)} | ${floor.toFixed(1)} | ${(seconds / floor).toFixed(3)} | ${requests} | ${refused} | ${failed} |`)
  } finally {
    sandbox.stop()
  }
}

console.log(`Node ${process.version}: ${CALLS} calls of domains.list from ${WORKERS} workers, ${LIMIT} allowed per ${WINDOW_S} s window`)
console.log('| way | seconds | floor | ×floor | requests | 429s | failed |')
console.log('|---|---|---|---|---|---|---|')
await run('SDK, paced (default)', (s) => sdkCall(s, true))
await run('SDK, unpaced (retry after 429)', (s) => sdkCall(s, false))
await run('undici.request, retry after 429', undiciCall)
