import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/features/feeds/feed-route.server'

/** One topic as Atom. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  feedResponse(request, { kind: 'topic', slug: params.slug }, 'atom')
