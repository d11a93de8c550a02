'use strict'
// A runner for the shared scenarios (`tests/scenarios/*.json`, format in their README). Calls go
// through the package's public API — `client.<resource>.<call>(...args)`, the arguments put in
// the order of the core's run-time table — and results are compared in the API's JSON shape
// (what the calls resolve with). Sandbox actions are requests to the sandbox's `/_sandbox/...`
// routes, as the format defines them.

const fs = require('node:fs')
const path = require('node:path')
const { Client, SmtpProviderError } = require('..')
const { Sandbox } = require('../testing.js')
const native = require('../native.js')

const SCENARIOS = path.resolve(__dirname, '..', '..', 'tests', 'scenarios')
const TABLE = JSON.parse(native.endpointsJson())
const SANDBOX_ACTIONS = {
  create_user: ['POST', '/_sandbox/users'],
  set_rate_limit: ['POST', '/_sandbox/config'],
  publish_dns: ['POST', '/_sandbox/dns'],
  remove_dns: ['DELETE', '/_sandbox/dns'],
  add_subscribers: ['POST', '/_sandbox/subscribers'],
  advance_clock: ['POST', '/_sandbox/clock'],
  set_clock: ['POST', '/_sandbox/clock'],
  inject_fault: ['POST', '/_sandbox/faults'],
  outbox: ['GET', '/_sandbox/outbox'],
}
const STEP_KEYS = ['call', 'sandbox', 'client', 'args', 'note', 'expect', 'expect_error', 'save']
const FILE_KEYS = ['name', 'description', 'client', 'steps']

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const asText = (value) => (typeof value === 'string' ? value : JSON.stringify(value))

class ScenarioFailure extends Error {}

/** An error a call raised, as the format sees it. */
class CallError extends Error {
  constructor(kind, status, message) {
    super(message)
    this.kind = kind
    this.status = status
  }
}

/** Where `actual` does not contain `expected` (the format's subset match), or null. */
function mismatch(expected, actual, where) {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${where}: expected an object, got ${JSON.stringify(actual)}`
    }
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) return `${where}.${key}: missing`
      const difference = mismatch(value, actual[key], `${where}.${key}`)
      if (difference) return difference
    }
    return null
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${where}: expected ${expected.length} items, got ${JSON.stringify(actual)}`
    }
    for (let i = 0; i < expected.length; i++) {
      const difference = mismatch(expected[i], actual[i], `${where}[${i}]`)
      if (difference) return difference
    }
    return null
  }
  return expected === actual ? null : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
}

class Runner {
  constructor(file) {
    this.scenario = JSON.parse(fs.readFileSync(file, 'utf8'))
    this.variables = {}
    this.options = {}
  }

  clientOptions() {
    const options = { baseUrl: this.sandbox.baseUrl }
    if ('timeout_ms' in this.options) options.timeout = this.options.timeout_ms
    if ('max_retries' in this.options) options.maxRetries = this.options.max_retries
    if ('pace_requests' in this.options) options.paceRequests = this.options.pace_requests
    return options
  }

  lookup(variable) {
    const [name, ...keys] = variable.split('.')
    if (!(name in this.variables)) throw new ScenarioFailure(`unknown variable ${name}`)
    let value = this.variables[name]
    for (const key of keys) {
      if (value === null || typeof value !== 'object' || !(key in value)) {
        throw new ScenarioFailure(`no ${key} in \${${variable}}`)
      }
      value = value[key]
    }
    return value
  }

  interpolate(value) {
    if (typeof value === 'string') {
      const whole = /^\$\{([^}]+)\}$/.exec(value)
      if (whole) return this.lookup(whole[1])
      return value.replace(/\$\{([^}]+)\}/g, (_, variable) => asText(this.lookup(variable)))
    }
    if (Array.isArray(value)) return value.map((item) => this.interpolate(item))
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.interpolate(v)]))
    }
    return value
  }

  /**
   * Sees each call's raw outcome before it is compared: the client a login made, the result, or
   * the error thrown. Nothing by default; the secrets test keeps their texts.
   */
  observe(id, outcome) {}

  async call(id, args) {
    try {
      if (id === 'client.login') {
        this.client = await Client.login({ ...args, ...this.clientOptions() })
        this.observe(id, this.client)
        return { token: this.client.token, user: this.client.user }
      }
      const row = TABLE.find((endpoint) => endpoint.id === id)
      if (!row) throw new CallError('InvalidInput', null, `unknown call ${id}`)
      const unknown = Object.keys(args).filter((name) => !row.args.some((arg) => arg.name === name))
      if (unknown.length) throw new CallError('InvalidInput', null, `${id}: unknown arguments ${unknown}`)
      const method = this.client[camel(row.resource)][camel(row.name)]
      const result = await method.apply(this.client[camel(row.resource)], row.args.map((arg) => args[arg.name]))
      this.observe(id, result)
      return result
    } catch (error) {
      if (error instanceof SmtpProviderError) {
        this.observe(id, error)
        throw new CallError(error.code, error.status, error.message)
      }
      throw error
    }
  }

  async request(method, route, args) {
    let url = this.sandbox.rootUrl + route
    let body
    if (method === 'GET' || method === 'DELETE') {
      const query = new URLSearchParams(Object.entries(args).map(([k, v]) => [k, asText(v)])).toString()
      if (query) url += `?${query}`
    } else {
      body = JSON.stringify(args)
    }
    const response = await fetch(url, { method, body, headers: { 'content-type': 'application/json' } })
    const text = await response.text()
    if (!response.ok) throw new ScenarioFailure(`${method} ${route} answered ${response.status}: ${text.slice(0, 300)}`)
    return JSON.parse(text)
  }

  async sandboxAction(action, args) {
    if (action === 'follow_verification_link') {
      const { messages } = await this.request('GET', '/_sandbox/outbox', { to: args.to, kind: 'sender_verification' })
      if (!messages.length) throw new ScenarioFailure(`no verification message to ${args.to}`)
      return this.request('GET', new URL(messages[messages.length - 1].link).pathname, {})
    }
    if (!(action in SANDBOX_ACTIONS)) throw new ScenarioFailure(`unknown sandbox action ${action}`)
    const [method, route] = SANDBOX_ACTIONS[action]
    return this.request(method, route, args)
  }

  async callExpecting(step, args) {
    const want = step.expect_error && this.interpolate(step.expect_error)
    let result
    try {
      result = await this.call(step.call, args)
    } catch (error) {
      if (!(error instanceof CallError)) throw error
      if (!want) throw new ScenarioFailure(`failed: ${error.kind} ${error.status}: ${error.message}`)
      if (error.kind !== want.kind) throw new ScenarioFailure(`expected a ${want.kind} error, got ${error.kind}: ${error.message}`)
      if ('status' in want && error.status !== want.status) {
        throw new ScenarioFailure(`expected status ${want.status}, got ${error.status}: ${error.message}`)
      }
      if ('message' in want && !error.message.includes(want.message)) {
        throw new ScenarioFailure(`expected ${JSON.stringify(want.message)} in the message, got ${JSON.stringify(error.message)}`)
      }
      return undefined
    }
    if (want) throw new ScenarioFailure(`expected a ${want.kind} error, but the call succeeded: ${JSON.stringify(result)}`)
    return result
  }

  async runStep(step) {
    const unknown = Object.keys(step).filter((key) => !STEP_KEYS.includes(key))
    const kinds = ['call', 'sandbox', 'client'].filter((key) => key in step)
    if (unknown.length || kinds.length !== 1) throw new ScenarioFailure(`malformed step (${unknown}, ${kinds})`)
    if ('client' in step) {
      const { token, user_id: userId, ...options } = this.interpolate(step.client)
      Object.assign(this.options, options)
      const session = token === undefined ? { token: this.client.token, userId: this.client.userId } : { token, userId }
      this.client = new Client({ ...(session.token === null ? {} : session), ...this.clientOptions() })
      return
    }
    const args = this.interpolate(step.args ?? {})
    let result
    if ('sandbox' in step) {
      result = await this.sandboxAction(step.sandbox, args)
    } else {
      result = await this.callExpecting(step, args)
      if ('expect_error' in step) return
    }
    if ('expect' in step) {
      const expected = this.interpolate(step.expect)
      const difference = mismatch(expected, result, 'result')
      if (difference) {
        throw new ScenarioFailure(`${difference}\n  expected ${JSON.stringify(expected)}\n  received ${JSON.stringify(result)}`)
      }
    }
    if ('save' in step) this.variables[step.save] = result
  }

  /** Runs every step on a fresh sandbox with the format's test settings (no rate limit); returns the count. */
  async run() {
    const unknown = Object.keys(this.scenario).filter((key) => !FILE_KEYS.includes(key))
    if (unknown.length) throw new ScenarioFailure(`unknown keys in the file: ${unknown}`)
    this.options = { ...(this.scenario.client ?? {}) }
    this.sandbox = await Sandbox.start()
    try {
      this.client = new Client(this.clientOptions())
      for (const [index, step] of this.scenario.steps.entries()) {
        try {
          await this.runStep(step)
        } catch (failure) {
          const what = step.call ?? step.sandbox ?? 'client'
          const note = step.note ? ` (${step.note})` : ''
          failure.message = `${this.scenario.name} step ${index + 1}, ${what}${note}: ${failure.message}`
          throw failure
        }
      }
    } finally {
      this.sandbox.stop()
    }
    return this.scenario.steps.length
  }
}

function scenarioFiles() {
  return fs
    .readdirSync(SCENARIOS)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(SCENARIOS, name))
}

module.exports = { Runner, scenarioFiles, TABLE, camel }
