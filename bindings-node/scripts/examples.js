#!/usr/bin/env node
'use strict'
// examples/quickstart.mjs is examples/quickstart.ts with its types stripped (TypeScript's
// `transpileModule`), so the onboarding walk is written once. `--check` exits 1 when the .mjs is
// stale; without it the .mjs is rewritten.
//
//   node scripts/examples.js [--check]

const fs = require('node:fs')
const path = require('node:path')
const ts = require('typescript')

const examples = path.resolve(__dirname, '..', 'examples')
const source = path.join(examples, 'quickstart.ts')
const target = path.join(examples, 'quickstart.mjs')
const HEADER = '// Generated from quickstart.ts by `node scripts/examples.js` (TypeScript types stripped): do not edit.\n'

function compiled() {
  const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  })
  return HEADER + outputText
}

if (require.main !== module) {
  // Required by the test suite, which compares `compiled()` itself.
} else if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : ''
  if (current !== compiled()) {
    console.error('examples/quickstart.mjs is not quickstart.ts compiled: run `node scripts/examples.js`')
    process.exit(1)
  }
} else {
  fs.writeFileSync(target, compiled())
}

module.exports = { compiled }
