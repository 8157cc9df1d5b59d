import { listTopics } from '~/lib/cms.server'

/** Liveness plus whether the CMS (and through it the database) answers. */
export async function loader() {
  const started = Date.now()
  try {
    await listTopics()
    return Response.json({ status: 'ok', cms: 'ok', database: 'ok', latencyMs: Date.now() - started })
  } catch (error) {
    return Response.json(
      { status: 'degraded', cms: 'unreachable', database: 'unknown', error: (error as Error).message },
      { status: 503 },
    )
  }
}
