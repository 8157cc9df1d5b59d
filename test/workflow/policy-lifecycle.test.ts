/**
 * Policy lifecycle, as readers meet it: when staff mark a policy
 * interpretation's original 已废止 and link the new interpretation, the old
 * article's page carries a banner linking to the new one, the new one links
 * back, the feeds flag the item and search results say so.
 */
import { randomUUID } from 'node:crypto'
import { XMLParser } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminToken, api, lexical } from '../support/api'
import { site, sleep } from '../support/mail'

let admin: string
// A word no other article has, so search and feeds find exactly ours.
const marker = `政策效力${randomUUID().slice(0, 6)}`

async function publishPolicy(title: string) {
  const { status, body } = await api('POST', '/articles', {
    token: admin,
    body: {
      title,
      section: 'policy',
      summary: `${title}的要点。`,
      content: lexical(`${marker}：${title}的正文。`),
      policy: {
        originalTitle: `${title}（原文）`,
        issuer: '上海市普陀区科学技术委员会',
        documentNumber: '普科委〔2016〕1号',
      },
      _status: 'published',
    },
  })
  expect(status, JSON.stringify(body)).toBe(201)
  return body.doc as { id: number; slug: string }
}

/** Polls a site page until `check` holds (the cache is purged after commit, within a second). */
async function eventually(path: string, check: (html: string) => boolean) {
  let last = ''
  for (let i = 0; i < 20; i++) {
    const { status, html } = await site('GET', path)
    last = html
    if (status === 200 && check(html)) return html
    await sleep(250)
  }
  throw new Error(`${path} never showed the expected content:\n${last.slice(0, 500)}`)
}

beforeAll(async () => {
  admin = await adminToken()
})

describe('a repealed policy', () => {
  it('shows its standing on the page, in the feed and in search, and links old and new both ways', async () => {
    const oldOne = await publishPolicy(`旧版政策解读${marker}`)
    const newOne = await publishPolicy(`新版政策解读${marker}`)
    const before = await site('GET', `/articles/${oldOne.slug}`)
    expect(before.html).not.toContain('本政策已废止')

    const marked = await api('PATCH', `/articles/${oldOne.id}`, {
      token: admin,
      body: { policy: { status: 'repealed', replacedBy: newOne.id }, _status: 'published' },
    })
    expect(marked.status, JSON.stringify(marked.body)).toBe(200)

    const page = await eventually(`/articles/${oldOne.slug}`, (html) => html.includes('本政策已废止'))
    expect(page).toContain(`href="/articles/${newOne.slug}"`)
    expect(page).toContain(`新版政策解读${marker}`)

    const newPage = await eventually(`/articles/${newOne.slug}`, (html) => html.includes('本解读取代了'))
    expect(newPage).toContain(`href="/articles/${oldOne.slug}"`)
    expect(newPage).not.toContain('本政策已废止')

    const feedXml = await eventually('/sections/policy/feed.xml', (xml) =>
      xml.includes(`【已废止】旧版政策解读${marker}`),
    )
    const feed = new XMLParser({ ignoreAttributes: false }).parse(feedXml)
    const items = [feed.rss.channel.item].flat() as Array<{ title: string; 'content:encoded': string }>
    const oldItem = items.find((i) => String(i.title).includes(`旧版政策解读${marker}`))
    expect(oldItem?.title).toBe(`【已废止】旧版政策解读${marker}`)
    expect(oldItem?.['content:encoded']).toContain('本政策已废止')
    const newItem = items.find((i) => String(i.title).includes(`新版政策解读${marker}`))
    expect(newItem?.title).toBe(`新版政策解读${marker}`)

    const results = await eventually(`/search?q=${encodeURIComponent(marker)}`, (html) => html.includes('政策已废止'))
    // Exactly one of the two results is flagged.
    expect(results.match(/政策已废止/g)).toHaveLength(1)
  })

  it('refuses a status that is not one of 有效 / 已修订 / 已废止', async () => {
    const doc = await publishPolicy(`效力校验${marker}`)
    const bad = await api('PATCH', `/articles/${doc.id}`, {
      token: admin,
      body: { policy: { status: 'expired' }, _status: 'published' },
    })
    expect(bad.status).toBe(400)
  })
})
