import { checkCmsHealth } from '~/lib/cms.server'

/**
 * Liveness plus what the site depends on: whether the CMS answers and whether
 * its PostgreSQL does (`cms`, `database`: ok / unreachable / unknown). 200 when
 * both answer, else 503, so a load balancer or monitor can act on the status.
 */
export async function loader() {
  const started = Date.now()
  const health = await checkCmsHealth()
  const ok = health.cms === 'ok' && health.database === 'ok'
  return Response.json(
    { status: ok ? 'ok' : 'degraded', ...health, latencyMs: Date.now() - started },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
