import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ArchiveMonths } from '~/components/archive-months'
import { ArticleList } from '~/components/article-list'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/pagination'
import { countArticlesByMonth, listArticles } from '~/lib/cms/content.server'
import { monthStartIso } from '~/lib/format'
import { pageHeaders } from '~/lib/http.server'
import { parsePage, parseYear } from '~/lib/params'
import type { RouteHandle } from '~/lib/route-handle'
import { errorMeta, pagedPath, seoMeta } from '~/lib/seo'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  return seoMeta(matches, {
    title: data.page > 1 ? `${data.year} 年文章归档（第 ${data.page} 页）` : `${data.year} 年文章归档`,
    description: `${data.year} 年发布的全部文章，共 ${data.totalDocs} 篇。`,
    path: pagedPath(`/archive/${data.year}`, data.page),
  })
}

export const headers = pageHeaders

export const handle: RouteHandle = { navPath: () => null }

export async function loader({ params, request }: LoaderFunctionArgs) {
  const year = parseYear(params.year)
  const page = parsePage(new URL(request.url).searchParams)
  if (year === null || page === null) throw new Response('Not Found', { status: 404 })
  const [list, counts] = await Promise.all([
    listArticles({ from: monthStartIso(year, 1), to: monthStartIso(year + 1, 1) }, { page, limit: 20 }),
    countArticlesByMonth(year, monthStartIso),
  ])
  // An empty year is not a page: search engines should not index endless empty archives.
  if (list.totalDocs === 0 || page > list.totalPages) throw new Response('Not Found', { status: 404 })
  return { year, counts, page, totalPages: list.totalPages, totalDocs: list.totalDocs, articles: list.docs }
}

export default function ArchiveYearRoute() {
  const { year, counts, page, totalPages, totalDocs, articles } = useLoaderData<typeof loader>()
  return (
    <div className="wrap list-page">
      <Breadcrumbs items={[{ label: '文章归档', to: '/archive' }, { label: `${year} 年` }]} />
      <header className="page-header">
        <h1>{year} 年文章归档</h1>
        <p className="page-header-meta">共 {totalDocs} 篇</p>
      </header>
      <ArchiveMonths year={year} counts={counts} />
      <ArticleList articles={articles} />
      <Pagination path={`/archive/${year}`} page={page} totalPages={totalPages} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
