import { type NextRequest, NextResponse } from 'next/server'

/**
 * The CMS's front door for the API: URL input that Payload would hand to
 * PostgreSQL unchecked, which answers with an error Payload reports as a 500.
 *
 * - A NUL character anywhere: PostgreSQL cannot store or compare NUL in text
 *   (`/api/topics?where[slug][equals]=%00`).
 * - `limit` and `page` beyond what an integer column takes
 *   (`/api/topics?limit=100000000000000000000`: "out of range for type bigint").
 *
 * Other control characters are legal in PostgreSQL text and are judged by each endpoint.
 */
const PAGING = ['limit', 'page']

function refuse(message: string, code: string) {
  return NextResponse.json({ errors: [{ message }], code }, { status: 400, headers: { 'Cache-Control': 'no-store' } })
}

export function proxy(request: NextRequest) {
  if (request.url.includes('%00') || request.url.includes('\u0000')) {
    // Worded as lib/rejectNulInQueries.ts words it for what gets past this door (JSON bodies).
    return refuse('查询条件含有不允许的字符（\\u0000 空字符），请删除后重试。', 'INVALID_CHARACTERS')
  }
  const params = request.nextUrl.searchParams
  for (const name of PAGING) {
    for (const value of params.getAll(name)) {
      if (value !== '' && !/^\d{1,9}$/.test(value))
        return refuse(`参数 ${name} 应为不超过九位的非负整数。`, 'INVALID_PAGING')
    }
  }
  return NextResponse.next()
}

// Uploads (multipart) bypass this door: Next buffers every body a proxy sees and cuts it at 10 MB
// (experimental.proxyClientMaxBodySize), which would truncate an attachment the collections accept.
// So do the read endpoints the site calls on every uncached page (cms/src/endpoints): they take only
// parameters they check themselves against strict patterns (the hostile-parameter fuzz in
// test/security goes straight at them), and the proxy cost a fifth of their throughput.
export const config = {
  matcher: [
    {
      source:
        '/api/((?!article-page$|home-page$|article-list$|article-counts$|feed-items$|site-index$|site-index/articles$|search$|health$|content-events$).*)',
      missing: [{ type: 'header', key: 'content-type', value: 'multipart/form-data.*' }],
    },
  ],
}
