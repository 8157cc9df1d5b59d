import { defineConfig } from 'vitest/config'

/**
 * One test command for the repo. Suites under test/ run against a real stack
 * (fresh PostgreSQL database, the built CMS and site) that test/support/stack.ts
 * starts once; unit tests sit beside the code in cms/ and site/.
 */
export default defineConfig({
  resolve: { alias: { '~': new URL('./site/app', import.meta.url).pathname } },
  test: {
    include: ['test/**/*.test.ts', 'cms/src/**/*.test.ts', 'site/app/**/*.test.ts', 'content-seed/src/**/*.test.ts'],
    globalSetup: ['test/support/stack.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The suites share one running stack and some change shared content; run files one at a time.
    fileParallelism: false,
    pool: 'forks',
    // Suites that load the Payload config in-process import Lexical natively: see PAYLOAD_NODE_OPTIONS
    // in scripts/lib/processes.mjs for why its top-level-await entry points must be avoided on Node 20.
    execArgv: ['--conditions=production'],
  },
})
