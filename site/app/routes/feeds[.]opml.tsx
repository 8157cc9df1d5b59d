import type { LoaderFunctionArgs } from '@remix-run/node'
import { opmlResponse } from '~/features/feeds/feed-route.server'

/** Every section and topic feed in one OPML file, to import into a feed reader. */
export const loader = ({ request }: LoaderFunctionArgs) => opmlResponse(request)
