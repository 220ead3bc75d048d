import { bearerMatches } from './metrics-token';

describe('bearerMatches', () => {
  const token = 'prometheus-scrape-token-0123';

  it('accepts exactly "Bearer <token>"', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
  });

  it('refuses a missing header, another scheme, a wrong, shorter or longer token', () => {
    for (const header of [undefined, '', token, `Basic ${token}`, `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`,
      'Bearer ', `Bearer  ${token}`, `bearer${token}`]) {
      expect(bearerMatches(header, token)).toBe(false);
    }
  });
});
