'use strict'
// `smtpprovider/testing`: the sandbox's stand-ins for the outside world.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Sandbox, SandboxError } = require('smtpprovider/testing')
const { demo } = require('./helpers.js')

test('rate limiting is off unless asked', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  assert.equal(sandbox.config().rate_limit, 0)
  await Promise.all(Array.from({ length: 80 }, () => client.domains.list()))
  const limited = await Sandbox.start({ rateLimit: 5 })
  t.after(() => limited.stop())
  assert.equal(limited.config().rate_limit, 5)
})

test('outbox, DNS, clock, subscribers, faults, request log, users, reset', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  assert.match(sandbox.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/api$/)
  assert.equal(sandbox.rootUrl + '/api', sandbox.baseUrl)
  assert.match(sandbox.dnsAddr, /^127\.0\.0\.1:\d+$/)

  await client.mail.sendWelcome('a@example.org', 'Shop')
  assert.equal(sandbox.outbox({ to: 'a@example.org' })[0].kind, 'welcome')
  sandbox.clearOutbox()
  assert.deepEqual(sandbox.outbox(), [])

  sandbox.publishDns('x.example.com', 'v=1')
  assert.ok(sandbox.dnsRecords().some((r) => r.name === 'x.example.com'))
  assert.equal(sandbox.removeDns('x.example.com'), true)
  assert.equal(sandbox.removeDns('x.example.com'), false)

  const before = sandbox.clock()
  assert.equal(sandbox.advanceClock(3600).offset_seconds, before.offset_seconds + 3600)
  assert.equal(sandbox.setClock('2030-01-01 09:00:00').now, '2030-01-01 09:00:00')

  const list = await client.mailingLists.add('L')
  assert.equal(sandbox.addSubscribers(list.id, { emails: ['s@example.org'] }).subscribers_count, 1)
  assert.throws(() => sandbox.addSubscribers(9999, { count: 1 }), (e) => e instanceof SandboxError && e.status === 404)

  sandbox.addFault({ path: '/v1/smtp-domain-list', kind: 'status', status: 500, times: 2 })
  assert.equal(sandbox.faults().length, 1)
  sandbox.clearFaults()
  assert.deepEqual(sandbox.faults(), [])

  sandbox.clearRequests()
  await client.domains.list()
  assert.equal(sandbox.requests('/v1/smtp-domain-list').length, 1)
  sandbox.clearRequests()
  assert.deepEqual(sandbox.requests(), [])

  const user = sandbox.createUser('new@example.com', 'new-password', 'New')
  assert.equal(user.email, 'new@example.com')
  const other = await sandbox.client({ email: 'new@example.com', password: 'new-password' })
  assert.equal(other.userId, user.id)
  sandbox.reset()
  await assert.rejects(client.domains.list(), { code: 'Authentication' })
})

test('a stopped sandbox refuses, and stopping twice is fine', async () => {
  const sandbox = await Sandbox.start()
  sandbox.stop()
  sandbox.stop()
  assert.throws(() => sandbox.baseUrl, { code: 'InvalidInput', message: /stopped/ })
})
