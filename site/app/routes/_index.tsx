import { FEDERATION_NAME } from '@newsroom/cms/federation'
import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { TitleList } from '~/components/article-list'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Picture } from '~/components/picture'
import { getHomePage } from '~/lib/cms/content.server'
import { env } from '~/lib/env.server'
import { formatDate } from '~/lib/format'
import { pageHeaders } from '~/lib/http.server'
import { pictureFromMedia } from '~/lib/media'
import { SECTION_DESCRIPTIONS, SECTION_LABELS, SECTIONS } from '~/lib/sections'
import { errorMeta, rootData, seoMeta } from '~/lib/seo'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  const site = rootData(matches)?.site
  return seoMeta(matches, {
    title: site?.siteName ?? FEDERATION_NAME,
    description: site?.description,
    path: '/',
  })
}

export const headers = pageHeaders

export async function loader() {
  // One CMS request, one SQL statement (issue 5's uncached budget; docs/decisions/006).
  const { featured, latest, sections, topics } = await getHomePage(6)
  return {
    featured: featured.map(({ heroImage, ...article }) => ({
      ...article,
      picture: pictureFromMedia(heroImage, env.CMS_URL),
    })),
    latest,
    sections: SECTIONS.map((section) => ({ section, articles: sections[section] ?? [] })),
    topics,
  }
}

export default function Home() {
  const { featured, latest, sections, topics } = useLoaderData<typeof loader>()
  const [lead, ...others] = featured
  return (
    <div className="wrap home">
      <h1 className="visually-hidden">{`${FEDERATION_NAME} 首页`}</h1>
      {lead ? (
        <section className="featured" aria-labelledby="featured-title">
          <h2 id="featured-title" className="section-title">
            要闻推荐
          </h2>
          <div className="featured-grid">
            <article className="featured-lead">
              {lead.picture ? (
                <Picture picture={lead.picture} priority sizes="(min-width: 64rem) 38rem, 100vw" />
              ) : null}
              <div className="featured-text">
                <h3>
                  <a href={`/articles/${lead.slug}`}>{lead.title}</a>
                </h3>
                {lead.summary ? <p>{lead.summary}</p> : null}
                <time dateTime={lead.publishedAt ?? undefined}>{formatDate(lead.publishedAt)}</time>
              </div>
            </article>
            <div className="featured-side">
              {others.length ? (
                <ul className="featured-others">
                  {others.map((article) => (
                    <li key={article.id}>
                      <article>
                        {article.picture ? <Picture picture={article.picture} sizes="9rem" /> : null}
                        <h3>
                          <a href={`/articles/${article.slug}`}>{article.title}</a>
                        </h3>
                        <time dateTime={article.publishedAt ?? undefined}>{formatDate(article.publishedAt)}</time>
                      </article>
                    </li>
                  ))}
                </ul>
              ) : null}
              <section aria-labelledby="latest-title">
                <h3 id="latest-title" className="section-title">
                  最新发布
                </h3>
                <TitleList articles={latest} />
              </section>
            </div>
          </div>
        </section>
      ) : null}

      <div className="section-grid">
        {sections.map(({ section, articles }) => (
          <section key={section} className="section-block" aria-labelledby={`home-${section}`}>
            <header className="section-block-head">
              <h2 id={`home-${section}`} className="section-title">
                <a href={`/sections/${section}`}>{SECTION_LABELS[section]}</a>
              </h2>
              <a href={`/sections/${section}`} className="more" aria-label={`更多${SECTION_LABELS[section]}`}>
                更多
              </a>
            </header>
            {articles.length ? (
              <TitleList articles={articles} />
            ) : (
              <p className="empty">{SECTION_DESCRIPTIONS[section]}暂无文章。</p>
            )}
          </section>
        ))}
      </div>

      <div className="home-bottom">
        {topics.length ? (
          <section className="topics-block" aria-labelledby="home-topics">
            <h2 id="home-topics" className="section-title">
              专题
            </h2>
            <ul className="chips">
              {topics.map((topic) => (
                <li key={topic.id}>
                  <a href={`/topics/${topic.slug}`}>{topic.name}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section className="subscribe-cta" aria-labelledby="home-subscribe">
          <h2 id="home-subscribe">信息精准推送</h2>
          <p>选择您关心的专题，新文章发布后通过电子邮件第一时间送达，也可以选择每周汇总一次。随时可以退订。</p>
          <p className="cta-actions">
            <a href="/subscribe" className="button">
              邮件订阅
            </a>
            <a href="/feed.xml" className="button button-secondary">
              RSS 订阅
            </a>
          </p>
        </section>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
