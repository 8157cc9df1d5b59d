import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse } from '~/features/feeds/feed-route.server'

/** One section as Atom. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  feedResponse(request, { kind: 'section', section: params.section }, 'atom')
