import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable } from './database'

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code })

describe('isDatabaseUnavailable', () => {
  it('recognises an absent database however it is reported', () => {
    // What a fast shutdown, a refused connection, a dead socket and Payload's wrappers look like.
    for (const error of [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006'),
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Failed query: select 1', { cause: pgError('57P01') }),
      new Error('Error: cannot begin transaction: connect ECONNREFUSED 127.0.0.1:5432'),
      new AggregateError([pgError('ECONNREFUSED')], ''),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true)
    }
  })

  it('leaves the caller’s own mistakes and other faults alone', () => {
    for (const error of [
      pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'),
      pgError('23505', 'duplicate key value violates unique constraint'),
      pgError('42601', 'syntax error'),
      new Error('Failed query: insert', { cause: pgError('23503') }),
      new Error('You are not allowed to perform this action.'),
      undefined,
      'ECONNREFUSED as a string is not an error object',
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false)
    }
  })

  it('does not loop on an error that is its own cause', () => {
    const error = new Error('odd') as Error & { cause?: unknown }
    error.cause = error
    expect(isDatabaseUnavailable(error)).toBe(false)
  })
})
