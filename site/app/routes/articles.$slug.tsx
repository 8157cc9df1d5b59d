import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ArticlePage } from '~/features/articles/article-view'
import { buildArticleView, newsArticleJsonLd } from '~/features/articles/article-view.server'
import { qrCodeSvg } from '~/features/articles/qr.server'
import { feedLinks } from '~/features/feeds/feed-links'
import { getArticlePage } from '~/lib/cms/content.server'
import { getSiteSettings } from '~/lib/cms/settings.server'
import { env } from '~/lib/env.server'
import { pageHeaders } from '~/lib/http.server'
import { parseSlug } from '~/lib/params'
import type { RouteHandle } from '~/lib/route-handle'
import { SECTION_LABELS, type Section } from '~/lib/sections'
import { errorMeta, jsonLd, seoMeta } from '~/lib/seo'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  const { article } = data
  return seoMeta(matches, {
    title: article.metaTitle ?? article.title,
    description: article.metaDescription ?? article.summary,
    path: `/articles/${article.slug}`,
    image: article.ogImage ?? article.hero,
    type: 'article',
    publishedTime: article.publishedAt,
    modifiedTime: article.updatedAt,
    section: article.sectionLabel,
    tags: article.topics.map((t) => t.name),
  })
}

export const headers = pageHeaders

type ArticleData = { article?: { section: Section } } | undefined

export const handle: RouteHandle = {
  navPath: (data) => {
    const section = (data as ArticleData)?.article?.section
    return section ? `/sections/${section}` : undefined
  },
  // Besides the site's feeds, the feed of the section the reader is in.
  feeds: ({ data, siteName }) => {
    const section = (data as ArticleData)?.article?.section
    return section ? feedLinks({ kind: 'section', section, label: SECTION_LABELS[section] }, siteName) : []
  },
}

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = parseSlug(params.slug)
  if (!slug) throw new Response('Not Found', { status: 404 })
  const page = await getArticlePage(slug)
  const found = page.article
  if (!found) {
    // Links already shared (WeChat, feeds, search engines) keep working after a slug change.
    if (page.redirectTo) throw redirect(`/articles/${page.redirectTo}`, { status: 301 })
    throw new Response('Not Found', { status: 404 })
  }
  const url = `${env.SITE_URL}/articles/${found.slug}`
  const [qrSvg, site] = await Promise.all([qrCodeSvg(url), getSiteSettings()])
  const views = page.views
  const article = buildArticleView(found)
  return {
    article,
    previous: page.previous,
    next: page.next,
    related: page.related,
    share: { url, qrSvg },
    views,
    jsonLd: jsonLd(newsArticleJsonLd(article, url, site.siteName, env.SITE_URL)),
  }
}

export default function ArticleRoute() {
  const { jsonLd: structuredData, ...props } = useLoaderData<typeof loader>()
  return (
    <>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: structuredData }} />
      <ArticlePage {...props} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
