'use strict'
// Loads the native module built for this platform: `smtpprovider.<triple>.node` beside this file
// (what `npm run build` writes and the package ships), else the platform package
// `smtpprovider-<triple>`, the layout napi-rs publishes per-platform builds in.
//
// Why not napi-rs's generated loader: it knows every platform napi-rs targets and WASI, and on
// this package's module load it cost 3-4 ms (bench/node/README.md), a third of the 10 ms budget.
// On Linux the C library is not probed (that reads files or runs `ldd`): the glibc build is tried
// first and the musl one after it, and a build for the wrong C library fails to load.

const TRIPLES = {
  'linux-x64': ['linux-x64-gnu', 'linux-x64-musl'],
  'linux-arm64': ['linux-arm64-gnu', 'linux-arm64-musl'],
  'linux-arm': ['linux-arm-gnueabihf', 'linux-arm-musleabihf'],
  'darwin-x64': ['darwin-x64', 'darwin-universal'],
  'darwin-arm64': ['darwin-arm64', 'darwin-universal'],
  'win32-x64': ['win32-x64-msvc'],
  'win32-arm64': ['win32-arm64-msvc'],
}

function load() {
  const platform = `${process.platform}-${process.arch}`
  const failures = []
  for (const triple of TRIPLES[platform] ?? []) {
    for (const path of [`./smtpprovider.${triple}.node`, `smtpprovider-${triple}`]) {
      try {
        return require(path)
      } catch (error) {
        failures.push(`${path}: ${error.message}`)
      }
    }
  }
  const tried = failures.length > 0 ? `; tried:\n  ${failures.join('\n  ')}` : ''
  const error = new Error(`smtpprovider has no native module for ${platform}${tried}`)
  error.code = 'ERR_SMTPPROVIDER_NATIVE'
  throw error
}

module.exports = load()
