import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/features/feeds/feed-route.server'

/** One topic as JSON Feed 1.1. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  feedResponse(request, { kind: 'topic', slug: params.slug }, 'json')
