import type { LoaderFunctionArgs } from '@remix-run/node'
import { robotsResponse } from '~/features/feeds/feed-route.server'

export const loader = ({ request }: LoaderFunctionArgs) => robotsResponse(request)
