import { describe, expect, it } from 'vitest'
import { toSearchEntry } from './searchIndex'

const row = {
  id: 12,
  _status: 'published',
  slug: 'jiedu-zhengce',
  section: 'policy',
  published_at: '2016-06-28 07:00:00+00',
  title: '解读《科技型中小企业融资服务实施细则》',
  summary: '介绍信用贷款\u0000与贷款贴息。',
  content: {
    root: {
      type: 'root',
      children: [{ type: 'paragraph', children: [{ type: 'text', text: '推进院士专家工作站建设。' }] }],
    },
  },
  policy_original_title: '普陀区科技型中小企业融资服务实施细则',
  policy_issuer: '普陀区科学技术委员会',
  policy_document_number: '普科委〔2016〕12号',
  park_location: null,
}

describe('toSearchEntry', () => {
  const entry = toSearchEntry(row)

  it('keeps the text readers see, without NUL', () => {
    expect(entry).toMatchObject({
      article_id: 12,
      slug: 'jiedu-zhengce',
      section: 'policy',
      published_at: '2016-06-28T07:00:00.000Z',
    })
    expect(entry.summary).toBe('介绍信用贷款与贷款贴息。')
    expect(entry.body_text).toBe('推进院士专家工作站建设。')
  })
  it('indexes words and bigrams of each part, with policy facts beside the summary', () => {
    expect(entry.title_tokens.split(' ')).toEqual(expect.arrayContaining(['科技', '融资', '资服']))
    expect(entry.body_tokens.split(' ')).toEqual(expect.arrayContaining(['院士', '士专', '工作站', '作站']))
    expect(entry.summary_tokens.split(' ')).toEqual(expect.arrayContaining(['贷款', '科委', '2016', '12']))
    expect(entry.body_text).not.toContain('科学技术委员会')
  })
})
