import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/features/feeds/feed-route.server'

/** One section as RSS 2.0 (`_`: not nested in the section page's layout). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  feedResponse(request, { kind: 'section', section: params.section }, 'rss')
