import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listLatestArticles } from '~/lib/cms.server'

export const meta: MetaFunction = () => [
  { title: '普陀区科技企业联合会' },
  { name: 'description', content: '普陀区科技企业联合会：新闻动态、政策解读、合作园区与通知公告。' },
]

export async function loader() {
  const latest = await listLatestArticles(10)
  return { articles: latest.docs }
}

export default function Home() {
  const { articles } = useLoaderData<typeof loader>()
  return (
    <main>
      <h1>普陀区科技企业联合会</h1>
      <h2>最新文章</h2>
      <ul>
        {articles.map((article) => (
          <li key={article.id}>
            <Link to={`/articles/${article.slug}`}>{article.title}</Link>
          </li>
        ))}
      </ul>
    </main>
  )
}
