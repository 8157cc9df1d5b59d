import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/features/feeds/feed-route.server'

/** The whole site as JSON Feed 1.1. */
export const loader = ({ request }: LoaderFunctionArgs) => feedResponse(request, { kind: 'site' }, 'json')
