import type { ActionFunctionArgs } from '@remix-run/node'
import { isbot } from 'isbot'
import { countView } from '~/features/articles/views.server'

/**
 * `POST /views` with `id=<articleId>` (form-encoded, from navigator.sendBeacon
 * in the enhancement script) → 204. Crawlers are skipped by user agent; the
 * answer is the same whatever happens, so it tells a caller nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const agent = request.headers.get('user-agent') ?? ''
  if (agent && !isbot(agent)) {
    const text = (await request.text().catch(() => '')).slice(0, 100)
    const id = new URLSearchParams(text).get('id') ?? ''
    if (/^[1-9][0-9]{0,8}$/.test(id)) countView(Number(id))
  }
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } })
}

export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}
