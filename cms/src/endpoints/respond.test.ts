import { describe, expect, it } from 'vitest'
import { intParam, isInputError, jsonError } from './respond'

describe('intParam', () => {
  it('takes positive integers in range, defaults when absent, null otherwise', () => {
    expect(intParam(null, 1, 100)).toBe(1)
    expect(intParam('', 1, 100)).toBe(1)
    expect(intParam('7', 1, 100)).toBe(7)
    for (const bad of ['0', '-1', '1.5', 'abc', '101', '1e2', ' 1', '9999999999'])
      expect(intParam(bad, 1, 100)).toBeNull()
  })
})

describe('jsonError', () => {
  it('answers in Payload’s error shape with a code', async () => {
    const response = jsonError(400, 'EMPTY_QUERY', '请输入要搜索的字词。')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ errors: [{ message: '请输入要搜索的字词。' }], code: 'EMPTY_QUERY' })
  })
})

describe('isInputError', () => {
  it('tells bad input (SQLSTATE 22xxx, 42601) from outages', () => {
    expect(isInputError({ code: '22021' })).toBe(true)
    expect(isInputError({ cause: { code: '42601' } })).toBe(true)
    expect(isInputError({ code: 'ECONNREFUSED' })).toBe(false)
    expect(isInputError(new Error('x'))).toBe(false)
  })
})
