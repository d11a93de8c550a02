'use strict'
// Neither a token nor a password shows anywhere. A child process runs the shared scenarios (which
// log in, make every call of the endpoint table and end in every error kind) with
// SMTPPROVIDER_LOG=trace, the most verbose level: Node has no logging system the SDK could
// forward to, so the core writes every `tracing` event of the process (its own, reqwest's,
// hyper's, the in-process sandbox's) to stderr, which the test reads whole. The child prints, as
// JSON on stdout, the `util.inspect`, `String()`, stack and JSON of every client, result and
// error it saw; both are searched for every token and password.

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const util = require('node:util')

const SESSION = 'SMTPPROVIDER_SECRETS_SESSION'

/** Every way a value can turn into text in a Node program. */
function texts(value) {
  const shown = [util.inspect(value, { depth: null, showHidden: true, getters: true }), String(value)]
  if (value instanceof Error) shown.push(value.stack)
  try {
    shown.push(JSON.stringify(value))
  } catch (circular) {
    shown.push(String(circular))
  }
  return shown
}

/** The child: runs every scenario file, printing what it saw. */
async function session() {
  const { Client, SmtpProviderError } = require('..')
  const { Runner, scenarioFiles } = require('./scenario_runner.js')
  const seen = { texts: [], tokens: [], calls: [], kinds: [], passwords: [] }
  class Watching extends Runner {
    observe(id, outcome) {
      seen.calls.push(id)
      seen.texts.push(...texts(outcome))
      if (outcome instanceof SmtpProviderError) seen.kinds.push(outcome.code)
      if (outcome instanceof Client) {
        seen.tokens.push(outcome.token)
        for (const resource of ['domains', 'senders', 'templates', 'mailingLists', 'campaigns', 'mail']) {
          seen.texts.push(...texts(outcome[resource]))
        }
      }
    }
  }
  for (const file of scenarioFiles()) {
    await new Watching(file).run()
    const scenario = fs.readFileSync(file, 'utf8')
    for (const [, password] of scenario.matchAll(/"password":\s*"([^"]*)"/g)) seen.passwords.push(password)
  }
  process.stdout.write(JSON.stringify(seen))
}

if (process.env[SESSION]) {
  session().catch((error) => {
    console.error(error)
    process.exit(1)
  })
} else {
  const test = require('node:test')
  const assert = require('node:assert/strict')
  const { TABLE } = require('./scenario_runner.js')

  test('no token or password in the TRACE log, errors, inspect or toString', () => {
    const env = { ...process.env, [SESSION]: '1', SMTPPROVIDER_LOG: 'trace' }
    delete env.NODE_TEST_CONTEXT // the child is a plain script, not a test file
    const child = spawnSync(process.execPath, [__filename], { env, encoding: 'utf8', maxBuffer: 256 << 20 })
    assert.equal(child.status, 0, child.stderr.slice(-2000))
    const seen = JSON.parse(child.stdout)
    const logs = child.stderr.split('\n')

    assert.deepEqual(TABLE.map((e) => e.id).filter((id) => !seen.calls.includes(id)), [], 'calls no scenario made')
    assert.equal(new Set(seen.kinds).size, 10, `error kinds seen: ${[...new Set(seen.kinds)]}`)
    assert.ok(logs.some((line) => line.includes(' TRACE ')), 'nothing at TRACE was logged')
    assert.ok(logs.some((line) => line.includes('endpoint="campaigns.update"')), 'the calls were not logged')
    assert.ok(seen.tokens.length >= 4 && seen.tokens.every((token) => token.includes('|')))
    // The whole token, and its secret half alone (the part before "|" is only its id). A password
    // too short to be told from other text ("x", for a rejected login) is not searched for.
    const secrets = new Set([
      ...seen.passwords.filter((password) => password.length >= 8),
      ...seen.tokens,
      ...seen.tokens.map((token) => token.split('|')[1]),
    ])
    for (const [where, lines] of [['log lines', logs], ['errors, inspect and toString', seen.texts]]) {
      for (const secret of secrets) {
        const leak = lines.find((line) => line.includes(secret))
        assert.equal(leak, undefined, `a secret is in the ${where}`)
      }
    }
    console.log(
      `secrets node: ${logs.length} log lines, ${seen.texts.length} texts, ${new Set(seen.calls).size} calls, ` +
        `${new Set(seen.kinds).size} error kinds, ${secrets.size} secrets; none found`,
    )
  })
}
