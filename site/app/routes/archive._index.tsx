import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getPublishedYearRange } from '~/lib/cms/content.server'
import { pageHeaders } from '~/lib/http.server'
import { errorMeta, seoMeta } from '~/lib/seo'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  return seoMeta(matches, {
    title: '文章归档',
    description: '按年份和月份浏览联合会发布的全部文章。',
    path: '/archive',
  })
}

export const headers = pageHeaders

export async function loader() {
  const range = await getPublishedYearRange()
  const years: number[] = []
  if (range) for (let y = range.last; y >= range.first; y--) years.push(y)
  return { years }
}

export default function ArchiveIndexRoute() {
  const { years } = useLoaderData<typeof loader>()
  return (
    <div className="wrap list-page">
      <Breadcrumbs items={[{ label: '文章归档' }]} />
      <header className="page-header">
        <h1>文章归档</h1>
        <p>按年份浏览联合会发布的全部文章。</p>
      </header>
      {years.length ? (
        <ul className="year-list">
          {years.map((year) => (
            <li key={year}>
              <a href={`/archive/${year}`}>{year} 年</a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">暂无文章。</p>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
