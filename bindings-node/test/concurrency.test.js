'use strict'
// Many calls in flight at once on one client: every Promise settles with its own answer.

const test = require('node:test')
const assert = require('node:assert/strict')
const { demo } = require('./helpers.js')

test('500 concurrent Promises', async (t) => {
  const { client, stop } = await demo()
  t.after(stop)
  const template = await client.templates.add({ name: 'T', html_body: '<p>T</p>' })
  const calls = Array.from({ length: 500 }, (_, i) =>
    i % 2 === 0 ? client.templates.get(template.id) : client.templates.get(template.id + 1000 + i).catch((e) => e),
  )
  const results = await Promise.all(calls)
  results.forEach((result, i) => {
    if (i % 2 === 0) assert.equal(result.name, 'T')
    else assert.equal(result.code, 'NotFound')
  })
})
