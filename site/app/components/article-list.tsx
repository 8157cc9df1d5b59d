import { formatDate } from '~/lib/format'
import { SECTION_LABELS, type Section } from '~/lib/sections'

export const articlePath = (slug: string | null | undefined) => `/articles/${slug ?? ''}`

export type ArticleListEntry = {
  id: number
  title: string
  slug?: string | null
  section: Section
  summary?: string | null
  publishedAt?: string | null
}

/**
 * The list every listing page uses: title, date, section, summary. Text only:
 * lists are what readers scan, and 15 images would outweigh the page.
 */
export function ArticleList({
  articles,
  showSection = true,
  showSummary = true,
  headingLevel = 2,
}: {
  articles: ArticleListEntry[]
  showSection?: boolean
  showSummary?: boolean
  headingLevel?: 2 | 3
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <ul className="article-list">
      {articles.map((article) => (
        <li key={article.id}>
          <article>
            <Heading className="article-list-title">
              <a href={articlePath(article.slug)}>{article.title}</a>
            </Heading>
            <p className="article-list-meta">
              {showSection ? <span className="tag">{SECTION_LABELS[article.section]}</span> : null}
              <time dateTime={article.publishedAt ?? undefined}>{formatDate(article.publishedAt)}</time>
            </p>
            {showSummary && article.summary ? <p className="article-list-summary">{article.summary}</p> : null}
          </article>
        </li>
      ))}
    </ul>
  )
}

/** Compact title + date lines for the home page's section blocks and related articles. */
export function TitleList({ articles }: { articles: ArticleListEntry[] }) {
  return (
    <ul className="title-list">
      {articles.map((article) => (
        <li key={article.id}>
          <a href={articlePath(article.slug)}>{article.title}</a>
          <time dateTime={article.publishedAt ?? undefined}>{formatDate(article.publishedAt)}</time>
        </li>
      ))}
    </ul>
  )
}
