// Request paths no route of ours can have, refused before Remix sees them.
// React Router builds `new URL(path, base)` while rendering: a path that
// decodes to `/\` reads as a scheme-relative URL with no host and throws in
// the middle of the render (a 500), and other backslash paths would resolve
// to another host. Everything else odd (NUL, bad escapes, 5,000 characters)
// is already the site's own 404 page: the routes' parameter parsers refuse it.
import { STATIC_SECURITY_HEADERS } from './security-headers.js'

const BACKSLASH = /\\|%5c/i

/**
 * 404 for a path with a backslash, raw or escaped, 0 for everything else.
 * Read on the raw path so no decoding (which may fail half-way) can hide one.
 */
export function refusedPathStatus(rawUrl) {
  const q = rawUrl.indexOf('?')
  return BACKSLASH.test(q === -1 ? rawUrl : rawUrl.slice(0, q)) ? 404 : 0
}

const TITLE = '抱歉，您访问的页面不存在'
const BODY = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${TITLE}</title></head><body><main><h1>${TITLE}</h1><p>页面可能已被删除、更名，或者链接输入有误。</p><p><a href="/">返回网站首页</a></p></main></body></html>`

/** A small page in Chinese; the site's layout needs Remix, which is what these paths must not reach. */
export function sendRefusedPath(res, status, headOnly) {
  res.writeHead(status, {
    ...STATIC_SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(BODY),
  })
  res.end(headOnly ? undefined : BODY)
}
