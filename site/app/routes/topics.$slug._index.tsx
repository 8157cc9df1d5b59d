import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ArticleList } from '~/components/article-list'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/pagination'
import { feedLinks } from '~/features/feeds/feed-links'
import { getTopicBySlug, listArticles } from '~/lib/cms/content.server'
import { pageHeaders } from '~/lib/http.server'
import { parsePage, parseSlug } from '~/lib/params'
import type { RouteHandle } from '~/lib/route-handle'
import { errorMeta, pagedPath, seoMeta } from '~/lib/seo'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  const { topic, page } = data
  return seoMeta(matches, {
    title: page > 1 ? `专题：${topic.name}（第 ${page} 页）` : `专题：${topic.name}`,
    description: topic.description || `“${topic.name}”专题下的全部文章。`,
    path: pagedPath(`/topics/${topic.slug}`, page),
  })
}

export const headers = pageHeaders

export const handle: RouteHandle = {
  navPath: () => '/topics',
  feeds: ({ data, siteName }) => {
    const topic = (data as { topic?: { slug: string; name: string } } | undefined)?.topic
    return topic ? feedLinks({ kind: 'topic', slug: topic.slug, name: topic.name }, siteName) : []
  },
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const slug = parseSlug(params.slug)
  const page = parsePage(new URL(request.url).searchParams)
  if (!slug || page === null) throw new Response('Not Found', { status: 404 })
  const topic = await getTopicBySlug(slug)
  if (!topic) throw new Response('Not Found', { status: 404 })
  const list = await listArticles({ topicId: topic.id }, { page, limit: 15 })
  if (page > 1 && page > list.totalPages) throw new Response('Not Found', { status: 404 })
  return {
    topic: { id: topic.id, name: topic.name, slug: topic.slug ?? slug, description: topic.description ?? null },
    page,
    totalPages: list.totalPages,
    totalDocs: list.totalDocs,
    articles: list.docs,
  }
}

export default function TopicRoute() {
  const { topic, page, totalPages, totalDocs, articles } = useLoaderData<typeof loader>()
  return (
    <div className="wrap list-page">
      <Breadcrumbs items={[{ label: '专题', to: '/topics' }, { label: topic.name }]} />
      <header className="page-header">
        <p className="page-kicker">专题</p>
        <h1>{topic.name}</h1>
        {topic.description ? <p>{topic.description}</p> : null}
        <p className="page-header-meta">
          共 {totalDocs} 篇 · <a href={`/topics/${topic.slug}/feed.xml`}>RSS 订阅本专题</a> ·{' '}
          <a href="/subscribe">邮件订阅</a>
        </p>
      </header>
      {articles.length ? <ArticleList articles={articles} /> : <p className="empty">本专题暂无文章。</p>}
      <Pagination path={`/topics/${topic.slug}`} page={page} totalPages={totalPages} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
