'use strict'
// Parity with the core's tables (read from the native module as the core holds them, not from the
// generated layer): every client option, per-call option, error kind and error field is part of
// the package, in camelCase, and declared in its TypeScript types. (Calls and helpers:
// table.test.js.)

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const smtpprovider = require('..')
const { camel } = require('./scenario_runner.js')

const { Client, SmtpProviderError } = smtpprovider
const TABLES = JSON.parse(require('../native.js').coreTablesJson())
const BASE_URL = 'http://127.0.0.1:9/api'

/** A value of each kind of option, as JS passes it. */
const SAMPLES = {
  Duration: 1500,
  Count: 1,
  Bytes: 1024,
  Flag: false,
  Text: 'http://127.0.0.1:9',
  Pem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
}

/** Whether `make()` knows the option: an unknown name is refused saying so; a refused value
 * (an unusable certificate) is still a known option. */
function accepts(make) {
  try {
    make()
    return true
  } catch (error) {
    return !/unknown option/.test(error.message)
  }
}

/** The names an interface of a `.d.ts` file declares. */
function declared(file, name) {
  const source = fs.readFileSync(path.join(__dirname, '..', file), 'utf8')
  const body = source.match(new RegExp(`(?:interface|class) ${name} [^{]*\\{([^}]*)\\}`))
  assert.ok(body, `${file} declares ${name}`)
  return [...body[1].matchAll(/^\s+(?:readonly )?(\w+)\??:/gm)].map((m) => m[1])
}

test('every option of the core is a client option, and the per-call ones call options', () => {
  const client = new Client({ baseUrl: BASE_URL })
  for (const { name, kind, perCall } of TABLES.options) {
    const option = { [camel(name)]: SAMPLES[kind] }
    assert.ok(accepts(() => new Client({ baseUrl: BASE_URL, ...option })), `new Client({ ${camel(name)} })`)
    assert.equal(accepts(() => client.withOptions(option)), perCall, `withOptions({ ${camel(name)} })`)
  }
})

test('the TypeScript types declare every option', () => {
  const names = TABLES.options.map((o) => camel(o.name))
  assert.deepEqual(declared('generated/options.d.ts', 'ClientOptions'), names)
  assert.deepEqual(
    declared('generated/options.d.ts', 'CallSettings'),
    TABLES.options.filter((o) => o.perCall).map((o) => camel(o.name)),
  )
})

test('every error kind is an exported class carrying every error field', () => {
  const fields = TABLES.errorFields.map(camel)
  assert.deepEqual(declared('generated/errors.d.ts', 'SmtpProviderError').filter((n) => n !== 'code'), fields)
  for (const { name, className } of TABLES.errorKinds) {
    const Class = smtpprovider[className]
    assert.equal(typeof Class, 'function', className)
    const error = new Class({ kind: name, message: 'm' })
    assert.ok(error instanceof SmtpProviderError, className)
    assert.equal(error.code, name)
    for (const field of fields) assert.ok(field in error, `${className}.${field}`)
  }
})
