/**
 * robots.txt: everything readable may be crawled; previews, search results
 * (endless query URLs) and the token pages of subscriptions may not.
 */
const DISALLOWED_PATHS = ['/preview', '/search', '/subscribe/confirm', '/subscription', '/unsubscribe']

export function buildRobotsTxt(siteUrl: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    ...DISALLOWED_PATHS.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: ${siteUrl}/sitemap.xml`,
    '',
  ].join('\n')
}
