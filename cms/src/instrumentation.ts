/**
 * Next.js runs this once per server process at boot. Payload's job crons
 * (scheduled publishing) otherwise only start on the first request, so a CMS
 * nobody visits would never publish on schedule.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  try {
    // Settings first: a missing or weak PAYLOAD_SECRET must stop the process, not answer 500 to every request.
    await import('./lib/env')
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
  const [{ getPayload }, { default: config }] = await Promise.all([import('payload'), import('./payload.config')])
  const payload = await getPayload({ config, cron: true })
  // The search index loads in the background (seconds at 100,000 articles); searches meanwhile use PostgreSQL.
  const { startSearchIndex } = await import('./search/memoryStore')
  startSearchIndex(payload).catch((error) =>
    payload.logger.warn({ err: error, msg: 'search: the in-memory index will load on the first search' }),
  )
}
