import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listAllTopics } from '~/lib/cms/content.server'
import { pageHeaders } from '~/lib/http.server'
import { errorMeta, seoMeta } from '~/lib/seo'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  return seoMeta(matches, {
    title: '专题',
    description: `按专题浏览：${data.topics.map((t) => t.name).join('、')}。每个专题都可以通过 RSS 或电子邮件订阅。`,
    path: '/topics',
  })
}

export const headers = pageHeaders

export async function loader() {
  return { topics: await listAllTopics() }
}

export default function TopicsRoute() {
  const { topics } = useLoaderData<typeof loader>()
  return (
    <div className="wrap list-page">
      <Breadcrumbs items={[{ label: '专题' }]} />
      <header className="page-header">
        <h1>专题</h1>
        <p>按您关心的领域浏览文章。每个专题都可以单独订阅：RSS 阅读器或电子邮件。</p>
      </header>
      {topics.length ? (
        <ul className="topic-grid">
          {topics.map((topic) => (
            <li key={topic.id}>
              <h2>
                <a href={`/topics/${topic.slug}`}>{topic.name}</a>
              </h2>
              {topic.description ? <p>{topic.description}</p> : null}
              <p className="topic-feed">
                <a href={`/topics/${topic.slug}/feed.xml`} aria-label={`RSS 订阅专题：${topic.name}`}>
                  RSS
                </a>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">暂无专题。</p>
      )}
      <p className="subscribe-inline">
        想在新文章发布时收到邮件？<a href="/subscribe">按专题订阅邮件推送</a>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
