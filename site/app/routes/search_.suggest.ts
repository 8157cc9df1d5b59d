import type { LoaderFunctionArgs } from '@remix-run/node'
import { clientAddress } from '~/features/subscriptions/client-address.server'
import { suggestTitles } from '~/lib/cms/search.server'

/**
 * `GET /search/suggest?q=` — up to 8 titles for the search box's suggestion
 * list (enhance/suggest.js): `{ suggestions: [{ title, slug, titleHtml }] }`.
 * Shared caches may keep an answer for a second, like search pages; a CMS that
 * cannot answer gives an empty list (the box then simply has no suggestions).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 200)
  const found = q.trim() ? await suggestTitles({ q, clientAddress: clientAddress(request, context) }) : null
  return Response.json(
    { suggestions: found?.suggestions ?? [] },
    {
      headers: {
        'Cache-Control': 'public, max-age=0, s-maxage=1, stale-while-revalidate=30',
        'X-Robots-Tag': 'noindex',
      },
    },
  )
}
