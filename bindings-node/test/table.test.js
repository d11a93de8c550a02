'use strict'
// The package's calls compared with the core's run-time endpoint table and helpers (read from the
// native module, not from anything generated): one method per endpoint and helper, named in
// camelCase, taking the table's arguments, and nothing else.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Client } = require('..')
const { TABLE, camel } = require('./scenario_runner.js')
const HELPERS = JSON.parse(require('../native.js').helpersJson())

const client = new Client({ baseUrl: 'http://127.0.0.1:9/api' })

test('the table has the 22 endpoints', () => {
  assert.equal(TABLE.length, 22)
  assert.deepEqual(TABLE[0], {
    id: 'client.login',
    resource: 'client',
    name: 'login',
    method: 'POST',
    path: '/smtp-token-generate',
    args: [
      { name: 'email', kind: 'string' },
      { name: 'password', kind: 'secret' },
    ],
    returns: 'Session',
  })
})

test('every endpoint and helper is a method of its resource, and every method one of them', () => {
  const resources = [...new Set(TABLE.filter((e) => e.resource !== 'client').map((e) => e.resource))]
  for (const resource of resources) {
    const handle = client[camel(resource)]
    assert.ok(handle, `client.${camel(resource)}`)
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(handle)).filter((name) => name !== 'constructor')
    const expected = [...TABLE, ...HELPERS].filter((e) => e.resource === resource).map((e) => camel(e.name))
    assert.deepEqual(methods.sort(), expected.sort(), resource)
  }
  const properties = Object.keys(client).sort()
  assert.deepEqual(properties, resources.map(camel).sort(), 'the client has one property per resource')
  assert.equal(typeof Client.login, 'function', 'client.login is Client.login')
})

test('each method takes the table arguments in order, then the call options', () => {
  for (const endpoint of TABLE.filter((e) => e.resource !== 'client')) {
    const method = client[camel(endpoint.resource)][camel(endpoint.name)]
    const required = endpoint.args.filter((a) => a.kind !== 'optional_string').length
    const optional = endpoint.args.length - required
    // Optional arguments are gathered with the options in a rest parameter.
    assert.equal(method.length, optional ? required : required + 1, endpoint.id)
  }
})

test('the camelCase names the design gives', () => {
  assert.equal(typeof client.mailingLists.add, 'function')
  assert.equal(typeof client.campaigns.togglePause, 'function')
  assert.equal(typeof client.campaigns.editOptions, 'function')
  assert.equal(typeof client.mail.sendWelcome, 'function')
})

test('each helper takes its text arguments, then one options object', () => {
  assert.deepEqual(HELPERS.map((h) => h.id), ['domains.wait_verified'])
  for (const helper of HELPERS) {
    const method = client[camel(helper.resource)][camel(helper.name)]
    assert.equal(method.length, 2, `${helper.id}(domainName, options)`)
  }
})
