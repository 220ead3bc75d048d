import { Logger } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable, toErrorBody } from './error-response.filter';

describe('a lost database connection is 503, a bug stays 500', () => {
  const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it.each([
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a server shutting down (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a failed query on a dead connection', new QueryFailedError('SELECT 1', [], pgError('08006', 'connection failure'))],
    ['a transaction whose runner was released', new QueryRunnerAlreadyReleasedError()],
  ])('%s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(toErrorBody(err, 'r1', logger)).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
  });

  it.each([
    ['a type error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a syntax error in SQL (42601)', new QueryFailedError('SELEC', [], pgError('42601', 'syntax error at or near "SELEC"'))],
    ['a unique violation left unhandled (23505)', pgError('23505', 'duplicate key value violates unique constraint')],
  ])('%s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
    expect(toErrorBody(err, 'r1', logger)).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
  });
});
