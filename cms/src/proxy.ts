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
    return refuse('请求参数含有不允许的字符（NUL），请检查后重试。', 'INVALID_CHARACTERS')
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

export const config = { matcher: '/api/:path*' }
