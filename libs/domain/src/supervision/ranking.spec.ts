import { competitionRanks, rankLabel, rankPhrase } from './ranking';

describe('competition ranks', () => {
  it('gives tied units the same rank and skips the places they take (1, 2, 2, 4)', () => {
    const scores = [98, 95, 95, 90, 90, 90, 80];
    expect(competitionRanks(scores, (a, b) => a === b)).toEqual([
      { rank: 1, tied: false }, { rank: 2, tied: true }, { rank: 2, tied: true }, { rank: 4, tied: true },
      { rank: 4, tied: true }, { rank: 4, tied: true }, { rank: 7, tied: false }]);
    expect(competitionRanks([], () => true)).toEqual([]);
  });

  it('shows a shared rank as 并列', () => {
    expect(rankLabel({ rank: 2, tied: true })).toBe('并列第2');
    expect(rankLabel({ rank: 3, tied: false })).toBe(3);
    expect(rankLabel({ rank: 3 })).toBe(3); // documents issued before ties were marked
    expect(rankPhrase({ rank: 2, tied: true })).toBe('并列第2');
    expect(rankPhrase({ rank: 1 })).toBe('第1');
  });
});
