'use strict'
// The `smtpprovider` package (CommonJS; `index.mjs` re-exports this, so each class exists once).

const { Client } = require('./lib/client.js')
const { AbortError } = require('./lib/errors.js')
const errors = require('./generated/errors.js')
const resources = require('./generated/resources.js')

module.exports = { Client, AbortError, ...errors, ...resources }
