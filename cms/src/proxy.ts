import { type NextRequest, NextResponse } from 'next/server'

/**
 * The CMS's front door for the API: a NUL character anywhere in the URL is
 * refused with a clear 400 before Payload turns it into a query. PostgreSQL
 * cannot store or compare NUL in text and answers with an error that Payload
 * reports as a 500 (`/api/topics?where[slug][equals]=%00`). Other control
 * characters are legal in PostgreSQL text and are judged by each endpoint.
 */
export function proxy(request: NextRequest) {
  if (request.url.includes('%00') || request.url.includes('\u0000')) {
    return NextResponse.json(
      { errors: [{ message: '请求参数含有不允许的字符（NUL），请检查后重试。' }], code: 'INVALID_CHARACTERS' },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    )
  }
  return NextResponse.next()
}

export const config = { matcher: '/api/:path*' }
