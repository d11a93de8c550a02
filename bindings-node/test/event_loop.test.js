'use strict'
// Calls and Node's event loop (`bindings-node/src/settle.rs`): a pending call keeps the process
// alive until its Promise settles, an idle client does not keep it alive, and a worker thread
// that ends with calls in flight takes their Promises with it without harming the main thread.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { Worker } = require('node:worker_threads')
const { demo } = require('./helpers.js')

const LIST = '/v1/smtp-domain-list'
const PACKAGE = path.join(__dirname, '..')

/** Runs `script` in a child Node with the package at hand; fails if it outlives `timeout` ms. */
function runChild(script, timeout = 20_000) {
  const child = spawnSync(process.execPath, ['-e', script], {
    cwd: PACKAGE,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, PACKAGE },
  })
  assert.equal(child.error, undefined, `the child did not exit by itself: ${child.error}`)
  return child
}

test('a pending call keeps Node running until it settles; then the process exits by itself', () => {
  // Nothing but the call's Promise is left for the loop once the script body ends: no timer,
  // no socket of Node's own. The sandbox runs on Rust threads, which Node does not wait for.
  const child = runChild(`
    const { Sandbox } = require(process.env.PACKAGE + '/testing.js')
    Sandbox.start().then(async (sandbox) => {
      const client = await sandbox.client({ maxRetries: 0 })
      sandbox.addFault({ path: '${LIST}', kind: 'delay', delay_ms: 700 })
      const started = Date.now()
      client.domains.list().then((domains) => {
        console.log('settled after', Date.now() - started, 'ms with', domains.length, 'domains')
      })
    })
  `)
  assert.equal(child.status, 0, child.stderr)
  const settled = /settled after (\d+) ms with 0 domains/.exec(child.stdout)
  assert.ok(settled, `the call never settled: ${child.stdout}${child.stderr}`)
  assert.ok(Number(settled[1]) >= 650, `settled after ${settled[1]} ms, before the 700 ms delay`)
})

test('an idle client keeps no reference on the loop: the process exits with the client open', () => {
  const child = runChild(`
    const { Sandbox } = require(process.env.PACKAGE + '/testing.js')
    Sandbox.start().then(async (sandbox) => {
      const client = await sandbox.client({ maxRetries: 0 })
      for (let i = 0; i < 3; i++) await client.domains.list()
      await Promise.all(Array.from({ length: 50 }, () => client.domains.list()))
      console.log('done; the client is still open')
    })
  `)
  assert.equal(child.status, 0, child.stderr)
  assert.match(child.stdout, /done; the client is still open/)
})

test('a worker thread that ends mid-call does not crash the process; the main thread keeps calling', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  sandbox.addFault({ path: LIST, kind: 'delay', delay_ms: 1500, times: 3 })
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads')
    const { Client } = require(workerData.package)
    const client = new Client({ token: workerData.token, userId: workerData.userId, baseUrl: workerData.baseUrl })
    client.domains.list().catch(() => {})
    Promise.all([client.domains.list(), client.domains.list()]).catch(() => {})
    setTimeout(() => parentPort.postMessage('calls in flight'), 200)
    `,
    {
      eval: true,
      workerData: { package: PACKAGE, token: client.token, userId: client.userId, baseUrl: sandbox.baseUrl },
    },
  )
  await new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  assert.equal(await worker.terminate(), 1, 'terminated by us, with its calls still pending')
  // The worker's calls finish on tokio after its environment is gone; the main thread's
  // calls must neither crash nor be settled by them.
  const [first, second] = await Promise.all([client.domains.list(), client.domains.list()])
  assert.deepEqual(first, [])
  assert.deepEqual(second, [])
  await new Promise((resolve) => setTimeout(resolve, 1600))
  assert.deepEqual(await client.domains.list(), [], 'still working after the worker calls ended')
})
