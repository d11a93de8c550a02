#!/usr/bin/env node
'use strict'
// Lays out the main package as it is published, in DEST, for `npm pack` there: the files `npm pack`
// takes from bindings-node (package.json's `files`), symbolic links copied as the files they point
// to (npm pack leaves links out, and the licences are links to the repository's), and package.json
// with `optionalDependencies` on every platform package (npm/<platform>/), at this version.
//
//   node scripts/stage_main.cjs DEST
//
// The optionalDependencies are added here, as napi-rs's `napi pre-publish` adds them, rather than
// kept in bindings-node/package.json: there `npm ci` (the build and test tools) would need them in
// package-lock.json, which cannot hold a version before it is on the registry.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const here = path.resolve(__dirname, '..')
const dest = process.argv[2]
if (!dest) {
  console.error('usage: node scripts/stage_main.cjs DEST')
  process.exit(2)
}

const manifest = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'))
const [{ files }] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: here, encoding: 'utf8' }),
)
fs.mkdirSync(dest, { recursive: true })
for (const { path: file } of files) {
  fs.mkdirSync(path.join(dest, path.dirname(file)), { recursive: true })
  fs.copyFileSync(fs.realpathSync(path.join(here, file)), path.join(dest, file))
}
for (const licence of ['LICENSE-MIT', 'LICENSE-APACHE']) {
  fs.copyFileSync(fs.realpathSync(path.join(here, licence)), path.join(dest, licence))
}

const platforms = fs.readdirSync(path.join(here, 'npm')).sort()
const optionalDependencies = {}
for (const platform of platforms) {
  const platformManifest = JSON.parse(fs.readFileSync(path.join(here, 'npm', platform, 'package.json'), 'utf8'))
  if (platformManifest.version !== manifest.version) {
    throw new Error(`npm/${platform}/package.json is at ${platformManifest.version}, the package at ${manifest.version}`)
  }
  optionalDependencies[platformManifest.name] = manifest.version
}
const published = { ...manifest, files: [...manifest.files, 'LICENSE-MIT', 'LICENSE-APACHE'], optionalDependencies }
fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(published, null, 2) + '\n')
