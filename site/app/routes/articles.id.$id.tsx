import { type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getPublishedSlugById } from '~/lib/cms/content.server'

/**
 * `/articles/id/:id` — the permanent address feeds use as GUID: ids never
 * change, slugs do. Answers 301 to the article's current slug; an unknown or
 * unpublished id gets the site's 404 page.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = /^[1-9][0-9]{0,8}$/.test(params.id ?? '') ? Number(params.id) : null
  const slug = id === null ? null : await getPublishedSlugById(id)
  if (!slug) throw new Response('Not Found', { status: 404 })
  return redirect(`/articles/${encodeURIComponent(slug)}`, {
    status: 301,
    headers: { 'Cache-Control': 'public, max-age=60' },
  })
}

/** Never rendered (the loader always redirects or throws); its presence makes a 404 render the layout's error page. */
export default function ArticleById() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
