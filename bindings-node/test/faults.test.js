'use strict'
// The fault matrix (`tests/faults/cases.json`, format in its README): every case, for GET and for
// POST, against the hostile server. Each run must end with the expected outcome (a result, or an
// error whose `code` is the expected kind, with its status), after exactly the requests the server
// expects, within the call's deadline; and the process must still make calls afterwards. The
// runs all happen at once, so the matrix takes as long as its slowest case. The core, Python and
// Kotlin suites run the same file.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Client, SmtpProviderError } = require('..')
const { HostileServer, SandboxError } = require('../testing.js')

const CASE_FILE = path.join(__dirname, '..', '..', 'tests', 'faults', 'cases.json')
const TEXT = fs.readFileSync(CASE_FILE, 'utf8')
const FILE = JSON.parse(TEXT)

/** The case file's client options as this SDK's (times are milliseconds in both). */
const OPTIONS = {
  timeout_ms: 'timeout',
  deadline_ms: 'deadline',
  max_retries: 'maxRetries',
  retry_non_idempotent: 'retryNonIdempotent',
  max_response_bytes: 'maxResponseBytes',
}

function clientFor(baseUrl, caseSpec) {
  const options = { baseUrl, token: FILE.token, userId: FILE.user_id }
  for (const [name, value] of Object.entries(caseSpec.client)) {
    assert.ok(name in OPTIONS, `a client option this runner does not know: ${name}`)
    options[OPTIONS[name]] = value
  }
  return new Client(options)
}

/** One run's client and call, made before any run starts: building a client reads the system's
 * trust store, synchronously on this thread (tens of milliseconds in a debug build), which would
 * otherwise count in the elapsed time of every run already under way. */
function prepare(server, caseSpec, method) {
  const runName = method.toLowerCase()
  const client = clientFor(server.baseUrl(caseSpec.name, runName), caseSpec)
  const { call, args } = FILE.calls[method]
  // The public methods: `mailing_lists.add` is `client.mailingLists.add(name)`.
  const [resource, name] = call.split('.').map((part) => part.replace(/_(.)/g, (_, c) => c.toUpperCase()))
  return { client, runName, send: () => client[resource][name](...Object.values(args)) }
}

/** One run: what happened, as the case file words it. */
async function run(server, caseSpec, { client, runName, send }) {
  const started = performance.now()
  let outcome = 'ok'
  let status = null
  try {
    await send()
  } catch (error) {
    if (!(error instanceof SmtpProviderError)) throw error
    outcome = error.code
    status = error.status ?? null
  }
  const elapsedMs = performance.now() - started
  client.close()
  return { outcome, status, attempts: server.stats(caseSpec.name, runName).requests, elapsedMs }
}

test('every fault case ends as the case file says, for GET and POST', async (t) => {
  const server = await HostileServer.start(TEXT)
  t.after(() => server.stop())
  const runs = FILE.cases.flatMap((caseSpec) => Object.keys(caseSpec.expect).map((method) => ({ caseSpec, method })))
  assert.equal(runs.length, 2 * FILE.cases.length, 'every case runs for GET and POST')
  const prepared = runs.map(({ caseSpec, method }) => prepare(server, caseSpec, method))
  const seen = await Promise.all(runs.map(({ caseSpec }, index) => run(server, caseSpec, prepared[index])))

  for (const [index, { caseSpec, method }] of runs.entries()) {
    await t.test(`${caseSpec.name} ${method}`, () => {
      const got = seen[index]
      const expected = caseSpec.expect[method]
      const where = `${caseSpec.name} ${method}: ${JSON.stringify(got)}`
      assert.equal(got.outcome, expected.outcome, where)
      assert.equal(got.attempts, expected.attempts, where)
      if ('status' in expected) assert.equal(got.status, expected.status, where)
      for (const bound of [caseSpec.client.deadline_ms, expected.max_elapsed_ms]) {
        if (bound !== undefined) assert.ok(got.elapsedMs <= bound + FILE.slack_ms, where)
      }
      assert.ok(got.elapsedMs >= (expected.min_elapsed_ms ?? 0), where)
    })
  }

  // Still alive and still working: a fresh run of the baseline case succeeds.
  const alive = new Client({ baseUrl: server.baseUrl('ok', 'alive'), token: '1|t', userId: 1 })
  assert.deepEqual(await alive.domains.list(), [])
  alive.close()
  assert.equal(server.stats('ok', 'alive').requests, 1)
})

test('an unknown case or a malformed case file is refused', async () => {
  const server = await HostileServer.start(TEXT)
  try {
    assert.throws(() => server.baseUrl('no_such_case', 'get'), SandboxError)
  } finally {
    server.stop()
  }
  const malformed = '{"ok_response": {"status": 200}, "cases": [{"name": "a", "server": {}}]}'
  await assert.rejects(HostileServer.start(malformed), /either refuse or responses/)
})

test("an error carries the refused redirect's location and the excerpt of a body that is not the API's JSON", async (t) => {
  const server = await HostileServer.start(TEXT)
  t.after(() => server.stop())
  const caseNamed = (name) => FILE.cases.find((c) => c.name === name)

  const redirect = prepare(server, caseNamed('redirect_other_host'), 'GET')
  const moved = await redirect.send().catch((error) => error)
  assert.equal(moved.code, 'Server')
  assert.match(moved.location, /\/v1\/moved$/)
  assert.equal(moved.bodyExcerpt, null)

  const proxyPage = prepare(server, caseNamed('html_502'), 'POST')
  const page = await proxyPage.send().catch((error) => error)
  assert.equal(page.code, 'Server')
  assert.match(page.bodyExcerpt, /502 Bad Gateway/)
  assert.equal(page.location, null)
})
