// `smtpprovider/testing` for ESM: re-exports the CommonJS build, so each class exists once.
import cjs from './testing.js'

export const { HostileServer, Sandbox, SandboxError } = cjs
export default cjs
