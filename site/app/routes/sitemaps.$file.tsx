import type { LoaderFunctionArgs } from '@remix-run/node'
import { sitemapPartResponse } from '~/features/feeds/feed-route.server'

/** The parts a sitemap index names: `/sitemaps/pages.xml`, `/sitemaps/articles-N.xml`. */
export const loader = ({ request, params }: LoaderFunctionArgs) => sitemapPartResponse(request, params.file)
