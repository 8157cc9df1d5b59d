import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/features/feeds/feed-route.server'

/** The whole site as Atom. */
export const loader = ({ request }: LoaderFunctionArgs) => feedResponse(request, { kind: 'site' }, 'atom')
