import { type CmsReply, requestCms } from './transport.server'

/** What /healthz reports: is the CMS reachable, and does its database answer? */
export type CmsHealth = {
  cms: 'ok' | 'unreachable' | 'failing'
  database: 'ok' | 'unavailable' | 'unknown'
  error?: string
}

/**
 * Whether the CMS answers and, through its `/api/health` (`SELECT 1` with a
 * time limit), whether PostgreSQL does: `/healthz` must tell a dead database
 * from a dead CMS. Bounded in time, since a health check that hangs is no
 * answer for a load balancer.
 */
export async function checkCmsHealth(timeoutMs = 5000): Promise<CmsHealth> {
  let response: CmsReply
  try {
    response = await requestCms('/health', { timeoutMs })
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined
    return { cms: 'unreachable', database: 'unknown', error: `CMS unreachable: ${cause?.message}` }
  }
  let body: { database?: string; code?: string } | null = null
  try {
    body = response.json()
  } catch {}
  if (response.ok && body?.database === 'ok') return { cms: 'ok', database: 'ok' }
  if (response.status === 503 && (body?.database === 'unavailable' || body?.code === 'DATABASE_UNAVAILABLE'))
    return { cms: 'ok', database: 'unavailable', error: 'the CMS cannot reach its database' }
  return { cms: 'failing', database: 'unknown', error: `CMS answered ${response.status} for /api/health` }
}
