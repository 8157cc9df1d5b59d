import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/features/feeds/feed-route.server'

/** One topic as RSS 2.0 (`_`: not nested in the topic page's layout). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  feedResponse(request, { kind: 'topic', slug: params.slug }, 'rss')
