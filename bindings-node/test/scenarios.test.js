'use strict'
// The shared scenarios (tests/scenarios), each file on a fresh sandbox, through the public API.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { Runner, scenarioFiles } = require('./scenario_runner.js')

const files = scenarioFiles()

test('the shared scenario files are there', () => {
  assert.deepEqual(
    files.map((file) => path.basename(file)),
    ['campaigns.json', 'errors.json', 'onboarding.json', 'templates_and_lists.json'],
  )
})

for (const file of files) {
  test(`scenario ${path.basename(file)}`, async () => {
    const steps = await new Runner(file).run()
    assert.ok(steps > 5)
  })
}
