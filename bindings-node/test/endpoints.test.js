'use strict'
// Every endpoint through the public API against a sandbox, with results in the API's shape.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Client } = require('..')
const { demo, later } = require('./helpers.js')

test('every call of the onboarding, templates, lists, campaigns and mail', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  const called = new Set(['client.login'])
  const track = (id, value) => {
    called.add(id)
    return value
  }

  assert.equal(client.user.email, 'demo@example.com')
  assert.equal(client.userId, 1)
  assert.match(client.token, /\|/)

  const domain = track('domains.add', await client.domains.add('example.com'))
  assert.equal(domain.domain_name, 'example.com')
  assert.equal(typeof domain.id, 'number')
  assert.deepEqual(track('domains.list', await client.domains.list()).map((d) => d.id), [domain.id])
  const view = track('domains.view', await client.domains.view('example.com'))
  assert.equal(view.domain.id, domain.id)
  assert.ok(view.dns_records.length > 0)
  const before = track('domains.verify', await client.domains.verify('example.com'))
  assert.equal(before.success, false, 'an unpublished record is an answer, not an error')
  sandbox.publishDns(domain.host, domain.public_key)
  assert.equal((await client.domains.verify('example.com')).success, true)

  const sender = track('senders.add', await client.senders.add('example.com', 'news@example.com', 'News'))
  assert.equal(sender.from_email, 'news@example.com')
  assert.equal(track('senders.verify', await client.senders.verify('news@example.com')).message, 'Verification email sent')
  await sandbox.followVerificationLink('news@example.com')
  assert.equal(track('senders.list', await client.senders.list())[0].status, 'verified')

  const defaults = track('templates.defaults', await client.templates.defaults())
  assert.ok(defaults.length > 0)
  const template = track('templates.add', await client.templates.add({ name: 'T', html_body: '<p>T</p>' }))
  assert.equal(template.active, true, 'active defaults to true')
  assert.equal(track('templates.get', await client.templates.get(template.id)).name, 'T')
  assert.equal(track('templates.update', await client.templates.update(template.id, { name: 'U' })).name, 'U')
  assert.ok(track('templates.list', await client.templates.list()).some((x) => x.id === template.id))

  const list = track('mailing_lists.add', await client.mailingLists.add('Subscribers'))
  assert.deepEqual(track('mailing_lists.list', await client.mailingLists.list()).map((l) => l.id), [list.id])
  sandbox.addSubscribers(list.id, { count: 3 })

  const options = track('campaigns.options', await client.campaigns.options())
  assert.ok(options.templates.length > 0)
  assert.ok(Array.isArray(options.senderDetails), 'result fields keep the API names')
  const content = { from_email: 'news@example.com', subject: 'Hi', html_body: '<p>Hi</p>' }
  const campaign = track(
    'campaigns.create',
    await client.campaigns.create({
      template_id: template.id,
      mailing_list_id: list.id,
      begins_at: later(sandbox, 600),
      all_request: content,
    }),
  )
  assert.equal(typeof campaign.id, 'number')
  assert.equal(track('campaigns.toggle_pause', await client.campaigns.togglePause(campaign.id)).paused, true)
  await client.campaigns.togglePause(campaign.id)
  assert.equal(track('campaigns.edit_options', await client.campaigns.editOptions(campaign.id)).campaign.id, campaign.id)
  const updated = track(
    'campaigns.update',
    await client.campaigns.update(campaign.id, { campaign_name: 'Renamed', all_request: content }),
  )
  assert.equal(typeof updated.message, 'string')
  assert.equal(track('campaigns.list', await client.campaigns.list())[0].campaign_name, 'Renamed')

  const plain = track('mail.send_welcome', await client.mail.sendWelcome('a@example.org', 'Shop'))
  assert.equal(plain.message, 'Mail sent successfully')
  await client.mail.sendWelcome('b@example.org', 'Shop', 'Hello', '<p>Hello</p>', { timeout: 10_000 })
  const welcome = sandbox.outbox({ kind: 'welcome', to: 'b@example.org' })
  assert.equal(welcome.length, 1)
  assert.equal(welcome[0].subject, 'Hello')

  const { TABLE } = require('./scenario_runner.js')
  assert.deepEqual([...called].sort(), TABLE.map((e) => e.id).sort(), 'every endpoint was called')
})

test('a client from a token and user id, and from the environment', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  const again = new Client({ token: client.token, userId: client.userId, baseUrl: sandbox.baseUrl })
  assert.deepEqual(await again.domains.list(), [])
  assert.equal(again.user, null)

  const saved = { ...process.env }
  t.after(() => {
    process.env = saved
  })
  process.env.SMTPPROVIDER_BASE_URL = sandbox.baseUrl
  process.env.SMTPPROVIDER_TOKEN = client.token
  process.env.SMTPPROVIDER_USER_ID = String(client.userId)
  const fromEnv = Client.fromEnv({ maxRetries: 1 })
  assert.equal(fromEnv.baseUrl, sandbox.baseUrl)
  assert.deepEqual(await fromEnv.templates.list(), [])
  const envBase = new Client({ token: client.token, userId: client.userId })
  assert.equal(envBase.baseUrl, sandbox.baseUrl, 'baseUrl falls back to SMTPPROVIDER_BASE_URL')
})

test('close() refuses later calls', async (t) => {
  const { client, stop } = await demo()
  t.after(stop)
  client.close()
  await assert.rejects(client.domains.list(), { code: 'InvalidInput', message: /closed/ })
  assert.equal(client.baseUrl, null)
})

test('domains.waitVerified: polls until verified, Timeout when it is not, bad options refused unsent', async (t) => {
  const { sandbox, client, stop } = await demo()
  t.after(stop)
  const domain = await client.domains.add('wait.example.com')
  sandbox.publishDns(domain.host, domain.public_key)
  const answer = await client.domains.waitVerified('wait.example.com', { timeout: 5000, interval: 50 })
  assert.equal(answer.success, true)

  await client.domains.add('never.example.com')
  await assert.rejects(
    client.domains.waitVerified('never.example.com', { timeout: 200, interval: 50 }),
    (error) => error.code === 'Timeout' && error.endpoint === 'domains.wait_verified',
  )

  sandbox.clearRequests()
  for (const options of [{ interval: 0 }, { timeout: -1 }, { intervall: 50 }, 'soon']) {
    await assert.rejects(
      client.domains.waitVerified('wait.example.com', options),
      (error) => error.code === 'InvalidInput',
      JSON.stringify(options),
    )
  }
  assert.equal(sandbox.requests().length, 0, 'nothing was sent')

  const controller = new AbortController()
  const waiting = client.domains.waitVerified('never.example.com', { timeout: 60000, interval: 50, signal: controller.signal })
  setTimeout(() => controller.abort(), 150)
  await assert.rejects(waiting, (error) => error.name === 'AbortError' || error.code === 'Aborted')
})
