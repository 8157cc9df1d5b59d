// Runs cms/src/scripts/bootstrap.ts (migrations, first admin, sample content)
// for the launcher, the test stack and the benches, and insists on its result.
import { runPayloadScript } from './processes.mjs'

const RESULT_PREFIX = 'BOOTSTRAP_RESULT '

/**
 * @typedef {{ admin: { email: string, password?: string, created: boolean, source: string } | null,
 *   seed: { seeded: boolean, skipped?: boolean, articles?: number, topics?: number } }} BootstrapResult
 */

/**
 * An exit code of 0 alone is not proof: `payload run` has exited 0 without
 * running the script at all (see PAYLOAD_NODE_OPTIONS). Only the script's own
 * last line says the database is migrated.
 * @param {Record<string, string>} env
 * @param {{ onLine?: (line: string) => void }} [options] every other output line
 * @returns {Promise<BootstrapResult>}
 */
export async function runBootstrap(env, { onLine } = {}) {
  /** @type {string | undefined} */
  let resultLine
  await runPayloadScript('src/scripts/bootstrap.ts', [], {
    env: { PAYLOAD_JOBS_AUTORUN: 'false', ...env },
    onLine: (line) => {
      if (line.startsWith(RESULT_PREFIX)) resultLine = line
      else onLine?.(line)
    },
  })
  if (!resultLine) {
    throw new Error('数据库初始化未完成：bootstrap 退出时没有报告结果（bootstrap ended without reporting a result）')
  }
  return JSON.parse(resultLine.slice(RESULT_PREFIX.length))
}
