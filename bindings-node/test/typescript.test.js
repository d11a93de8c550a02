'use strict'
// `tsc --strict` on a typed script making every call (with the mistakes the types must catch,
// each marked `@ts-expect-error`) and on the TypeScript quickstart; the JavaScript quickstart is
// that file compiled, and runs.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const root = path.resolve(__dirname, '..')

test('tsc --strict --noEmit passes on test/typed/every_call.ts and examples/quickstart.ts', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { cwd: root, stdio: 'pipe' })
})

test('examples/quickstart.mjs is examples/quickstart.ts with the types stripped', () => {
  const { compiled } = require('../scripts/examples.js')
  const current = require('node:fs').readFileSync(path.join(root, 'examples', 'quickstart.mjs'), 'utf8')
  assert.equal(current, compiled(), 'run `node scripts/examples.js`')
})

test('the JavaScript quickstart runs the whole onboarding against the embedded sandbox', () => {
  const out = execFileSync(process.execPath, [path.join(root, 'examples', 'quickstart.mjs')], { cwd: root, encoding: 'utf8' })
  assert.match(out, /Done: every call of the onboarding worked\./)
})
