import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ArchiveMonths, monthPath } from '~/components/archive-months'
import { ArticleList } from '~/components/article-list'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/pagination'
import { countArticlesByMonth, listArticles } from '~/lib/cms/content.server'
import { monthStartIso } from '~/lib/format'
import { pageHeaders } from '~/lib/http.server'
import { parseMonth, parsePage, parseYear } from '~/lib/params'
import type { RouteHandle } from '~/lib/route-handle'
import { errorMeta, pagedPath, seoMeta } from '~/lib/seo'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  const { year, month, page } = data
  return seoMeta(matches, {
    title: page > 1 ? `${year} 年 ${month} 月文章归档（第 ${page} 页）` : `${year} 年 ${month} 月文章归档`,
    description: `${year} 年 ${month} 月发布的全部文章，共 ${data.totalDocs} 篇。`,
    path: pagedPath(monthPath(year, month), page),
  })
}

export const headers = pageHeaders

export const handle: RouteHandle = { navPath: () => null }

export async function loader({ params, request }: LoaderFunctionArgs) {
  const year = parseYear(params.year)
  const month = parseMonth(params.month)
  const page = parsePage(new URL(request.url).searchParams)
  if (year === null || month === null || page === null) throw new Response('Not Found', { status: 404 })
  const to = month === 12 ? monthStartIso(year + 1, 1) : monthStartIso(year, month + 1)
  const [list, counts] = await Promise.all([
    listArticles({ from: monthStartIso(year, month), to }, { page, limit: 20 }),
    countArticlesByMonth(year, monthStartIso),
  ])
  if (list.totalDocs === 0 || page > list.totalPages) throw new Response('Not Found', { status: 404 })
  return { year, month, counts, page, totalPages: list.totalPages, totalDocs: list.totalDocs, articles: list.docs }
}

export default function ArchiveMonthRoute() {
  const { year, month, counts, page, totalPages, totalDocs, articles } = useLoaderData<typeof loader>()
  return (
    <div className="wrap list-page">
      <Breadcrumbs
        items={[
          { label: '文章归档', to: '/archive' },
          { label: `${year} 年`, to: `/archive/${year}` },
          { label: `${month} 月` },
        ]}
      />
      <header className="page-header">
        <h1>
          {year} 年 {month} 月文章归档
        </h1>
        <p className="page-header-meta">共 {totalDocs} 篇</p>
      </header>
      <ArchiveMonths year={year} counts={counts} current={month} />
      <ArticleList articles={articles} />
      <Pagination path={monthPath(year, month)} page={page} totalPages={totalPages} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
