// Request paths no route of ours can have, refused before Remix sees them.
// React Router builds `new URL(path, base)` while rendering: a path that
// decodes to `/\` reads as a scheme-relative URL with no host and throws in
// the middle of the render (a 500), and other backslash paths would resolve
// to another host. Control characters (NUL first of all) are never part of a
// real address and must not travel further towards the CMS and PostgreSQL.
import { STATIC_SECURITY_HEADERS } from './security-headers.js'

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]|%(?:[01][0-9a-f]|7f)/i
const BACKSLASH = /\\|%5c/i

/**
 * 400 for a path with control characters, 404 for one with a backslash, 0 for
 * everything else. Read on the raw path, escaped or not, so no decoding
 * (which may fail half-way) can hide one.
 */
export function refusedPathStatus(rawUrl) {
  const q = rawUrl.indexOf('?')
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q)
  if (CONTROL.test(path)) return 400
  if (BACKSLASH.test(path)) return 404
  return 0
}

const MESSAGES = {
  400: ['链接地址无效', '您访问的链接含有不允许的字符，请检查链接是否完整、正确。'],
  404: ['抱歉，您访问的页面不存在', '页面可能已被删除、更名，或者链接输入有误。'],
}

/** A small page in Chinese; the site's layout needs Remix, which is what these paths must not reach. */
export function sendRefusedPath(res, status, headOnly) {
  const [title, text] = MESSAGES[status]
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p><p><a href="/">返回网站首页</a></p></main></body></html>`
  res.writeHead(status, {
    ...STATIC_SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  })
  res.end(headOnly ? undefined : body)
}
