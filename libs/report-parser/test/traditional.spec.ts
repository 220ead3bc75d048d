import { parseReportText } from '../src/parse-report';
import { foldTraditional, isTraditional } from '../src/traditional';

const SIMPLIFIED = [
  '东湖市司法局2024年度法治政府建设情况报告',
  '一、2024年工作情况',
  '（一）统筹推进法治政府建设。起草并提请市政府印发年度工作要点，明确42项重点任务。',
  '二、存在的问题',
  '（一）法治政府建设发展还不够平衡，部分部门对法治政府建设重视程度不高。',
  '（二）行政执法监督的力度和手段还需加强，监督的及时性和精准性不够。',
  '三、下一步工作安排',
  '（一）压实法治建设责任，把法治政府建设纳入领导干部年度考核。',
  '（二）完善行政执法协调监督工作体系，提升执法监督效能。',
  '东湖市司法局',
  '2025年1月22日',
].join('\n');
// Taiwan forms, with the Hong Kong 綫 and 衞 and corner quotes
const TRADITIONAL = [
  '東湖市司法局2024年度法治政府建設情況報告',
  '一、2024年工作情況',
  '（一）統籌推進法治政府建設。起草並提請市政府印發年度工作要點，明確42項重點任務。',
  '二、存在的問題',
  '（一）法治政府建設發展還不夠平衡，部分部門對「法治政府建設」重視程度不高。',
  '（二）行政執法監督的力度和手段還需加強，綫上監督的及時性和精準性不夠。',
  '三、下一步工作安排',
  '（一）壓實法治建設責任，把法治政府建設納入領導幹部年度考核。',
  '（二）完善衞生等領域行政執法協調監督工作體系，提升執法監督效能。',
  '東湖市司法局',
  '2025年1月22日',
].join('\n');

describe('traditional characters', () => {
  it('parses a traditional report like a simplified one, keeping its own characters', () => {
    const trad = parseReportText(TRADITIONAL);
    const simp = parseReportText(SIMPLIFIED);
    expect(trad.text).toBe(TRADITIONAL);
    expect(trad.problems.map((i) => i.text)).toEqual([
      '法治政府建設發展還不夠平衡，部分部門對「法治政府建設」重視程度不高。',
      '行政執法監督的力度和手段還需加強，綫上監督的及時性和精準性不夠。',
    ]);
    expect(trad.measures).toHaveLength(simp.measures.length);
    expect(trad.measures[1].heading).toBe('完善衞生等領域行政執法協調監督工作體系，提升執法監督效能');
    for (const item of [...trad.problems, ...trad.measures]) {
      expect(trad.text.slice(item.span.start, item.span.end)).toBe(item.text);
    }
    expect(trad.sections.map((s) => [s.heading, s.kind])).toEqual([
      ['2024年工作情況', 'work'], ['存在的問題', 'problems'], ['下一步工作安排', 'plan'],
    ]);
    expect([trad.title, trad.organization, trad.reportYear, trad.planYear, trad.reportDate]).toEqual(
      ['東湖市司法局2024年度法治政府建設情況報告', '東湖市司法局', 2024, 2025, '2025-01-22']);
  });

  it('leaves simplified text alone', () => {
    expect(isTraditional(SIMPLIFIED)).toBe(false);
    expect(foldTraditional(SIMPLIFIED)).toBe(SIMPLIFIED);
  });

  it('folds to a twin of the same length, line for line', () => {
    const folded = foldTraditional(TRADITIONAL);
    expect(folded).toHaveLength(TRADITIONAL.length);
    expect(folded.split('\n').map((l) => l.length)).toEqual(TRADITIONAL.split('\n').map((l) => l.length));
    expect(folded).toContain('存在的问题');
    expect(folded).toContain('线上监督');
  });

  // Same-run ratios, each the fastest of a few tries, so a busy machine or a GC pause cannot fail it (no wall clock).
  it('reads 1 MB of simplified text for the price of a sample, and folds traditional text in linear time', () => {
    const ofSize = (text: string, bytes: number) => text.repeat(Math.ceil(bytes / Buffer.byteLength(text)));
    const fastest = (tries: number, run: () => void) => {
      let best = Infinity;
      for (let i = 0; i < tries; i++) {
        const t0 = process.hrtime.bigint();
        run();
        best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
      }
      return best;
    };
    const simplified = ofSize(SIMPLIFIED, 1024 * 1024);
    const traditional = ofSize(TRADITIONAL, 1024 * 1024);
    const traditional4 = ofSize(TRADITIONAL, 4 * 1024 * 1024);
    const simplifiedMs = fastest(5, () => expect(foldTraditional(simplified)).toBe(simplified));
    const traditionalMs = fastest(3, () => expect(foldTraditional(traditional)).toHaveLength(traditional.length));
    const traditional4Ms = fastest(3, () => expect(foldTraditional(traditional4)).toHaveLength(traditional4.length));
    console.log(`fold: simplified 1 MB ${simplifiedMs.toFixed(1)} ms, traditional 1 MB ${traditionalMs.toFixed(0)} ms, 4 MB ${traditional4Ms.toFixed(0)} ms`);
    // a sample, not the text: a fold of the whole would cost about as much as the traditional one
    expect(simplifiedMs / traditionalMs).toBeLessThan(0.1);
    // four times the text, about four times the time (a quadratic fold would take sixteen; the bound leaves room for GC)
    expect(traditional4Ms / traditionalMs).toBeLessThan(10);
  });
});
