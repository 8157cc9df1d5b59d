import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { renderRichTextHtml } from '~/features/articles/rich-text.server'
import { getPageBySlug } from '~/lib/cms/content.server'
import { env } from '~/lib/env.server'
import { pageHeaders } from '~/lib/http.server'
import { pictureFromMedia } from '~/lib/media'
import { parseSlug } from '~/lib/params'
import { errorMeta, seoMeta } from '~/lib/seo'

/**
 * Standing pages (`/about`, `/contact`, any `pages` slug) and, for every other
 * URL no route claims, the 404 page. Only one path segment can be a page.
 */
export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  return seoMeta(matches, {
    title: data.metaTitle ?? data.title,
    description: data.description,
    path: `/${data.slug}`,
    image: data.ogImage,
  })
}

export const headers = pageHeaders

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = parseSlug(params['*'])
  if (!slug) throw new Response('Not Found', { status: 404 })
  const page = await getPageBySlug(slug)
  if (!page) throw new Response('Not Found', { status: 404 })
  return {
    slug,
    title: page.title,
    summary: page.summary ?? null,
    metaTitle: page.meta?.title || null,
    description: page.meta?.description || page.summary || null,
    ogImage: pictureFromMedia(page.meta?.image, env.CMS_URL),
    html: renderRichTextHtml(page.content, { siteUrl: env.SITE_URL, cmsUrl: env.CMS_URL }),
  }
}

export default function StandingPage() {
  const { title, summary, html } = useLoaderData<typeof loader>()
  return (
    <div className="wrap page-layout">
      <Breadcrumbs items={[{ label: title }]} />
      <article className="article standing-page" data-readable>
        <header className="article-header">
          <h1>{title}</h1>
        </header>
        {summary ? <p className="article-summary">{summary}</p> : null}
        <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      </article>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
