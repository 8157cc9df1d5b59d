// One implementation for the benches, the stacks and the tests.
export { freePort } from '../../scripts/lib/ports.mjs'
