import type { LoaderFunctionArgs } from '@remix-run/node'
import { sitemapResponse } from '~/features/feeds/feed-route.server'

/** Every published article, section, topic, standing page and archive month; an index past 50,000 URLs. */
export const loader = ({ request }: LoaderFunctionArgs) => sitemapResponse(request)
