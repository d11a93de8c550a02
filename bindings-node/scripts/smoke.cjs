#!/usr/bin/env node
'use strict'
// The package as a user gets it, from inside a project where `smtpprovider` and one platform
// package were installed from their tarballs (scripts/pack_check.sh, scripts/packaging/npm.sh --smoke):
// `require` and `import` give the same classes, the native module is the platform package's (not a
// file of the main package, which ships none), and real calls go to a sandbox on loopback.
//
//   node smoke.cjs PLATFORM        # run in the project's folder, e.g. PLATFORM=linux-arm64-gnu
//
// Prints one line saying what ran; exits non-zero, saying why, when a check fails. Kept small,
// so that it also runs under qemu (the arm64 package) in seconds.

const assert = require('node:assert/strict')
const path = require('node:path')

async function main() {
  const platform = process.argv[2]
  assert.ok(platform, 'usage: node smoke.cjs PLATFORM')

  const cjs = require('smtpprovider')
  const cjsTesting = require('smtpprovider/testing')
  const esm = await import('smtpprovider')
  const esmTesting = await import('smtpprovider/testing')
  assert.equal(typeof cjs.Client.login, 'function', 'require gives Client')
  assert.equal(esm.Client, cjs.Client, 'import gives the same Client as require')
  assert.equal(esmTesting.Sandbox, cjsTesting.Sandbox, 'import gives the same Sandbox as require')

  // Which native module loaded: the platform package's, and no other.
  const expected = path.join('node_modules', `smtpprovider-${platform}`, `smtpprovider.${platform}.node`)
  const loaded = Object.keys(require.cache)
    .filter((file) => file.endsWith('.node'))
    .map((file) => path.relative(process.cwd(), file))
  const override = process.env.NAPI_RS_NATIVE_LIBRARY_PATH
  assert.deepEqual(loaded, [override ? path.relative(process.cwd(), override) : expected], 'the native module loaded')

  const sandbox = await cjsTesting.Sandbox.start()
  try {
    const client = await esm.Client.login({
      email: cjsTesting.Sandbox.DEMO_EMAIL,
      password: cjsTesting.Sandbox.DEMO_PASSWORD,
      baseUrl: sandbox.baseUrl,
    })
    const domain = await client.domains.add('smoke.example.com')
    sandbox.publishDns(domain.host, domain.public_key)
    const verification = await client.domains.verify('smoke.example.com')
    assert.ok(verification.success, `the domain did not verify: ${verification.message}`)
    const names = (await client.domains.list()).map((d) => d.domain_name)
    assert.ok(names.includes('smoke.example.com'), `domains.list() gave ${JSON.stringify(names)}`)
    const missing = await client.templates.get(999999).catch((error) => error)
    assert.ok(missing instanceof cjs.NotFoundError, `templates.get(999999) gave ${missing}`)
    client.close()
  } finally {
    sandbox.stop()
  }
  console.log(`smoke: ${process.version} ${process.platform}-${process.arch}, loaded ${loaded[0]}, ` +
    'require and import agree, login, domains add/verify/list and a NotFoundError against the sandbox')
}

main().catch((error) => {
  console.error('smoke: FAILED:', error)
  process.exit(1)
})
