import { checkCmsHealth } from '~/lib/cms/health.server'

/**
 * Liveness plus whether the CMS, and through it the database, answers
 * (`cms`: ok / unreachable / failing, `database`: ok / unavailable / unknown). 200
 * only when both do; 503 says which one is away (a load balancer keeps the
 * instance: it still serves what it has cached).
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
