import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ArticleList } from '~/components/article-list'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/pagination'
import { feedLinks } from '~/features/feeds/feed-links'
import { listArticles } from '~/lib/cms/content.server'
import { pageHeaders } from '~/lib/http.server'
import { parsePage } from '~/lib/params'
import type { RouteHandle } from '~/lib/route-handle'
import { isSection, SECTION_DESCRIPTIONS, SECTION_LABELS, type Section } from '~/lib/sections'
import { errorMeta, pagedPath, seoMeta } from '~/lib/seo'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  const label = SECTION_LABELS[data.section]
  return seoMeta(matches, {
    title: data.page > 1 ? `${label}（第 ${data.page} 页）` : label,
    description: `${label}：${SECTION_DESCRIPTIONS[data.section]}`,
    path: pagedPath(`/sections/${data.section}`, data.page),
  })
}

export const headers = pageHeaders

export const handle: RouteHandle = {
  feeds: ({ data, siteName }) => {
    const section = (data as { section?: Section } | undefined)?.section
    return section ? feedLinks({ kind: 'section', section, label: SECTION_LABELS[section] }, siteName) : []
  },
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const section = params.section
  const page = parsePage(new URL(request.url).searchParams)
  if (!isSection(section) || page === null) throw new Response('Not Found', { status: 404 })
  const list = await listArticles({ section }, { page, limit: 15 })
  if (page > 1 && page > list.totalPages) throw new Response('Not Found', { status: 404 })
  return { section, page, totalPages: list.totalPages, totalDocs: list.totalDocs, articles: list.docs }
}

export default function SectionRoute() {
  const { section, page, totalPages, totalDocs, articles } = useLoaderData<typeof loader>()
  const label = SECTION_LABELS[section]
  return (
    <div className="wrap list-page">
      <Breadcrumbs items={[{ label }]} />
      <header className="page-header">
        <h1>{label}</h1>
        <p>{SECTION_DESCRIPTIONS[section]}</p>
        <p className="page-header-meta">
          共 {totalDocs} 篇 · <a href={`/sections/${section}/feed.xml`}>RSS 订阅本栏目</a>
        </p>
      </header>
      {articles.length ? (
        <ArticleList articles={articles} showSection={false} />
      ) : (
        <p className="empty">本栏目暂无文章。</p>
      )}
      <Pagination path={`/sections/${section}`} page={page} totalPages={totalPages} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
