import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ErrorPage, GeneralErrorBoundary } from '~/components/error-boundary'
import { ArticlePage } from '~/features/articles/article-view'
import { buildArticleView } from '~/features/articles/article-view.server'
import { clientAddress } from '~/features/subscriptions/client-address.server'
import { getPreviewArticle } from '~/lib/cms/content.server'
import { CmsRateLimitedError } from '~/lib/cms/transport.server'
import { env } from '~/lib/env.server'
import { PRIVATE_NO_STORE, rateLimitedHeaders } from '~/lib/http.server'
import { checkPreviewToken } from '~/lib/preview-token.server'
import type { RouteHandle } from '~/lib/route-handle'

/**
 * `/preview?token=…`: an editor's draft on the real page layout. The token
 * (made by the CMS's `admin.preview`, see cms/src/collections/Articles/endpoints/previewArticle.ts)
 * names one article and expires; the CMS checks it again and returns the
 * latest draft. Never cached, never indexed, no view count.
 */
const NO_INDEX = { 'Cache-Control': PRIVATE_NO_STORE, 'X-Robots-Tag': 'noindex, nofollow' }

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page ? `【预览】${page.article.title}` : '预览链接无效' },
  { name: 'robots', content: 'noindex, nofollow' },
]

/** NO_INDEX always; Retry-After when the CMS refused this reader as too frequent (429). */
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const retryAfter = errorHeaders?.get('Retry-After')
  return retryAfter ? { ...NO_INDEX, 'Retry-After': retryAfter } : NO_INDEX
}

export const handle: RouteHandle = {
  navPath: (data) => {
    const section = (data as { article?: { section?: string } } | undefined)?.article?.section
    return section ? `/sections/${section}` : undefined
  },
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  // A token that is malformed, forged or expired never reaches the CMS.
  if (checkPreviewToken(token, env.PREVIEW_SECRET) !== 'valid')
    throw new Response('Forbidden', { status: 403, headers: NO_INDEX })
  const draft = await getPreviewArticle(token, clientAddress(request, context)).catch((error: unknown) => {
    if (!(error instanceof CmsRateLimitedError)) throw error
    const retryAfter = error.retryAfterSeconds
    throw data({ retryAfter }, { status: 429, headers: { ...NO_INDEX, ...rateLimitedHeaders(retryAfter) } })
  })
  if (!draft) throw new Response('Forbidden', { status: 403, headers: NO_INDEX })
  return data({ article: buildArticleView(draft) }, { headers: NO_INDEX })
}

export default function PreviewRoute() {
  const { article } = useLoaderData<typeof loader>()
  return <ArticlePage article={article} previous={null} next={null} related={[]} share={null} preview />
}

function InvalidPreview() {
  return (
    <ErrorPage title="预览链接无效或已过期">
      <p>预览链接只在生成后的一段时间内有效。请回到内容管理后台，保存草稿后重新点击“预览”。</p>
    </ErrorPage>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary statusHandlers={{ 403: () => <InvalidPreview /> }} />
}
