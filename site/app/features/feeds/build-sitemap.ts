import { stripIllegalChars } from '~/lib/html'
import { escapeXml, isoSeconds, XML_DECLARATION } from './xml'

/** sitemaps.org: at most 50,000 URLs per sitemap file; past that, a sitemap index. */
export const MAX_SITEMAP_URLS = 50_000

export type SitemapUrl = { loc: string; lastmod?: Date | null }

const date = (value: Date | null | undefined) => (value && !Number.isNaN(value.getTime()) ? value : null)

/**
 * One sitemap file, written here: two escaped elements per URL, synchronously. The `sitemap`
 * package's writers are streams that finish on a later tick and rewrite every lastmod to
 * milliseconds (ADR 011).
 */
export function buildUrlset(urls: SitemapUrl[]): string {
  const lines = [XML_DECLARATION, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
  for (const { loc, lastmod } of urls) {
    const when = date(lastmod)
    lines.push(`<url><loc>${escapeXml(loc)}</loc>${when ? `<lastmod>${isoSeconds(when)}</lastmod>` : ''}</url>`)
  }
  lines.push('</urlset>')
  return stripIllegalChars(lines.join('\n'))
}

export function buildSitemapIndex(sitemaps: SitemapUrl[]): string {
  const lines = [XML_DECLARATION, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
  for (const { loc, lastmod } of sitemaps) {
    const when = date(lastmod)
    lines.push(`<sitemap><loc>${escapeXml(loc)}</loc>${when ? `<lastmod>${isoSeconds(when)}</lastmod>` : ''}</sitemap>`)
  }
  lines.push('</sitemapindex>')
  return stripIllegalChars(lines.join('\n'))
}

/**
 * Whether everything fits one `/sitemap.xml`, or how many article sitemaps an
 * index needs (`/sitemaps/articles-1.xml` …, each at most `max` URLs, next to
 * `/sitemaps/pages.xml` for the non-article pages).
 */
export function planSitemaps(pageUrls: number, articleCount: number, max = MAX_SITEMAP_URLS) {
  if (pageUrls + articleCount <= max) return { kind: 'single' as const }
  return { kind: 'index' as const, articleSitemaps: Math.max(1, Math.ceil(articleCount / max)) }
}

/** `pages.xml` or `articles-N.xml` (N from 1, no leading zeros); anything else is not one of ours. */
export function parseSitemapFile(file: string): { kind: 'pages' } | { kind: 'articles'; page: number } | null {
  if (file === 'pages.xml') return { kind: 'pages' }
  const match = /^articles-([1-9][0-9]{0,5})\.xml$/.exec(file)
  return match ? { kind: 'articles', page: Number(match[1]) } : null
}
