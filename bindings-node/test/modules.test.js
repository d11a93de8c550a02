'use strict'
// ESM and CommonJS give the same classes (ESM re-exports the CommonJS build), so `instanceof`
// holds whichever way an error's class was imported.

const test = require('node:test')
const assert = require('node:assert/strict')
const cjs = require('smtpprovider')
const cjsTesting = require('smtpprovider/testing')

test('import and require give one copy of each class', async () => {
  const esm = await import('smtpprovider')
  const esmTesting = await import('smtpprovider/testing')
  const names = Object.keys(cjs).sort()
  assert.ok(names.includes('Client') && names.includes('NotFoundError') && names.includes('Domains'))
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), names, 'ESM exports every name')
  for (const name of names) assert.equal(esm[name], cjs[name], name)
  assert.equal(esm.default, cjs)
  assert.equal(esmTesting.Sandbox, cjsTesting.Sandbox)
})

test('an error made through one is an instance of the other', async () => {
  const esm = await import('smtpprovider')
  const client = new esm.Client({ baseUrl: 'http://127.0.0.1:9/api', maxRetries: 0 })
  const error = await client.templates.get(0).catch((e) => e)
  assert.ok(error instanceof cjs.InvalidInputError)
  assert.ok(error instanceof esm.SmtpProviderError)
})

test('the loader names the platform and every path it tried when no native module fits', (t) => {
  const fs = require('node:fs')
  const os = require('node:os')
  const path = require('node:path')
  // The loader alone, in a folder with no `.node` file and no platform package to find.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtpprovider-loader-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const copy = path.join(dir, 'native.js')
  fs.copyFileSync(path.join(__dirname, '..', 'native.js'), copy)
  assert.throws(
    () => require(copy),
    (error) => {
      assert.equal(error.code, 'ERR_SMTPPROVIDER_NATIVE')
      const platform = `${process.platform}-${process.arch}`
      assert.match(error.message, new RegExp(`for ${platform}`))
      assert.match(error.message, new RegExp(`\\./smtpprovider\\.${platform}[-\\w]*\\.node: `), 'the file beside it')
      assert.match(error.message, new RegExp(`\\bsmtpprovider-${platform}[-\\w]*: `), 'the platform package')
      return true
    },
  )
})
