import type { PayloadRequest } from 'payload'
import type { ReviewSteps } from './chain'

/** The chain's length from the site settings (one or two review steps); one when unset. */
export async function reviewSteps(req: PayloadRequest): Promise<ReviewSteps> {
  const settings = await req.payload.findGlobal({ slug: 'site-settings', depth: 0, req, overrideAccess: true })
  return settings.reviewSteps === '2' ? 2 : 1
}
