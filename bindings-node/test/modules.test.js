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

test('the loader (napi-rs generated) names every path it tried when no native module fits', (t) => {
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
      assert.match(error.message, /^Cannot find native binding/)
      // Every attempt is in the chain of causes: the file beside the loader, then the package.
      const causes = []
      for (let cause = error.cause; cause; cause = cause.cause) causes.push(cause.message)
      const tried = causes.join('\n')
      const platform = `${process.platform}-${process.arch}`
      assert.match(tried, new RegExp(`smtpprovider\\.${platform}[-\\w]*\\.node`), 'the file beside it')
      assert.match(tried, new RegExp(`'smtpprovider-${platform}[-\\w]*'`), 'the platform package')
      return true
    },
  )
})

test('NAPI_RS_NATIVE_LIBRARY_PATH names the native module the loader takes', (t) => {
  const fs = require('node:fs')
  const os = require('node:os')
  const path = require('node:path')
  const { execFileSync } = require('node:child_process')
  // The loader in a folder of its own, the module named by the variable from elsewhere.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtpprovider-loader-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  fs.copyFileSync(path.join(__dirname, '..', 'native.js'), path.join(dir, 'native.js'))
  const module = path.join(__dirname, '..', fs.readdirSync(path.join(__dirname, '..')).find((f) => f.endsWith('.node')))
  const printed = execFileSync(process.execPath, ['-e', 'console.log(typeof require("./native.js").NativeClient)'], {
    cwd: dir,
    env: { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: module },
    encoding: 'utf8',
  })
  assert.equal(printed.trim(), 'function')
})
