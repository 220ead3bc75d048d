import JSZip from 'jszip';
import type { DocumentKind } from './cadence-policy';
import { bulletinSummary } from './bulletin-summary';
import { documentNumber, renderText, sheetOf, type Sheet } from './render';
import { docxFileName, GB9704, renderDocx } from './render-docx';
import { storedSheet } from './stored-sheet';

const task = { code: '2026-014', title: '推行行政执法“三项制度”', deadline: '2026-05-31', daysOverdue: 12, progress: 60, flags: ['overdue', 'behind'] };
const slipTask = { ...task, slipNumber: '青法治办交办〔2026〕9号', slipDate: '2026-06-01' };
const unitRow = (unitName: string, rank: number, overdue: number) => ({ rank, unitName, total: 4, completed: 2, onTime: 2, overdue, due: 3,
  dueCompleted: 2, dueOnTime: 2, completionRate: 2 / 3, onTimeRate: 1 });
const month = { month: '2026-06', totals: { total: 8, completed: 4, onTime: 4, overdue: 1, due: 6, dueCompleted: 4, dueOnTime: 4,
  completionRate: 4 / 6, onTimeRate: 1 }, units: [unitRow('青山县财政局', 1, 0), unitRow('青山县司法局', 2, 1)],
overdue: [{ unitName: '青山县司法局', code: '2026-014', title: task.title, deadline: task.deadline, daysOverdue: 12, named: true }],
unsigned: [{ unitName: '青山县城关镇', code: '2026-020', title: '开展法治宣传进村居', slipNumber: slipTask.slipNumber, slipDate: '2026-06-01',
  workingDays: 10 }], dueNext: 2 };
const BY_KIND: Record<DocumentKind, Record<string, unknown>> = {
  assign_slip: { items: [task] },
  ack_chase: { items: [slipTask], chaseAfter: 3 },
  ack_supervise: { items: [slipTask], unitName: '青山县司法局', officeName: '青山县法治办', workingDays: 6, leaders: ['李明'] },
  work_reminder: { items: [task], openCount: 5, counts: { overdue: 1, behind: 1 } },
  due_soon: { items: [task], workingDays: 5 },
  urge: { items: [task] },
  supervise: { items: [task], unitName: '青山县司法局', officeName: '青山县法治办', offset: 10, leaders: ['李明'] },
  bulletin: { ...month, summary: bulletinSummary(month, '2026年6月'), focus: [
    { groupId: 'g1', title: '深化法治政府建设', planYear: 2026, total: 5, due: 4, dueCompleted: 3, dueOnTime: 3, overdue: 1, completionRate: 0.75, onTimeRate: 1 },
    { groupId: null, title: '未分组', planYear: null, total: 3, due: 2, dueCompleted: 1, dueOnTime: 1, overdue: 0, completionRate: 0.5, onTimeRate: 1 }] },
  assessment: { quarter: '2026Q2', score: 92, base: 100, rank: 2, of: 12, lines: [{ reason: '季末仍逾期', code: '2026-014', points: -8 }] },
  report_chase: { items: [{ ...task, cycle: '每月20日前', reportDay: '2026-06-22', lastReport: '2026-05-19' }] },
};

/** The text of each paragraph of word/document.xml (a table cell is a paragraph of its own), and the XML itself. */
async function read(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  // a tab is its own element: read as \t
  const paragraphs = xml.split('</w:p>').map((p) => unescape([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
    .map((m) => m[1] ?? '\t').join('')))
    .filter(Boolean);
  const footers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/footer\d*\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
  const styles = await zip.file('word/styles.xml')!.async('string');
  return { xml, paragraphs, footers, styles };
}

/** The paragraph element holding a text (its first, or its last before `before`), up to the text. */
const paragraphOf = (xml: string, text: string, before?: string) => {
  const upTo = before === undefined ? xml : xml.slice(0, xml.indexOf(`>${before}</w:t>`));
  const at = before === undefined ? upTo.indexOf(`>${text}</w:t>`) : upTo.lastIndexOf(`>${text}</w:t>`);
  expect(at).toBeGreaterThan(-1);
  return xml.slice(Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at)), at);
};

describe('the .docx of a document (GB/T 9704)', () => {
  const ctx = { unitName: '青山县司法局', issuer: '青山县全面依法治县委员会办公室', date: '2026-07-03', period: '2026-06',
    officeName: '青山县法治办', recipients: ['unit', 'leaders', 'office'] as const };

  it.each(Object.keys(BY_KIND) as DocumentKind[])('%s: every part of the sheet, in order, on A4 with the standard margins', async (kind) => {
    const sheet: Sheet = sheetOf(kind, BY_KIND[kind], { ...ctx, number: documentNumber(kind, 2026, 7, '青法治办'),
      recipients: [...ctx.recipients] });
    const { xml, paragraphs, footers, styles } = await read(await renderDocx(sheet));

    const cells = sheet.rows.flat().map(String);
    const sections = (sheet.sections ?? []).flatMap((t) => [t.caption, ...t.columns, ...t.rows.flat().map(String)]);
    const order = [sheet.head, sheet.number, sheet.title, sheet.to, sheet.intro, ...sheet.columns, ...cells, ...(sheet.notes ?? []),
      ...sections, sheet.outro, ...(sheet.closing ?? []), sheet.issuer, sheet.date];
    let from = 0;
    for (const part of order) {
      const at = paragraphs.indexOf(part, from);
      expect({ part, found: at >= from }).toEqual({ part, found: true });
      from = at + 1;
    }
    // the 版记 last: 抄送 then the 印发 line
    expect(sheet.cc.length).toBeGreaterThan(0);
    expect(paragraphs.slice(-2)).toEqual([`抄送：${sheet.cc.join('，')}。`, `${sheet.issuer}\t${sheet.date}印发`]);

    // A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain(`w:top="${GB9704.margin.top}" w:right="${GB9704.margin.right}" w:bottom="${GB9704.margin.bottom}" w:left="${GB9704.margin.left}"`);
    expect([GB9704.margin.top, GB9704.margin.left, GB9704.margin.right, GB9704.margin.bottom]).toEqual([2098, 1587, 1474, 1984]);
    expect(11906 - GB9704.margin.left - GB9704.margin.right).toBe(GB9704.text); // 156 mm
    // the 版头 red in 小标宋, the red line under the 文号, the title in 小标宋 二号, the body in 仿宋_GB2312 三号 at a fixed 28 pt
    const head = paragraphOf(xml, sheet.head);
    expect(head).toContain('w:color w:val="FF0000"');
    expect(head).toContain('w:eastAsia="方正小标宋简体"');
    expect(head).toContain('<w:jc w:val="center"/>');
    expect(paragraphOf(xml, sheet.number)).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="FF0000"/);
    const title = paragraphOf(xml, sheet.title);
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    const intro = paragraphOf(xml, sheet.intro);
    expect(intro).toContain('w:eastAsia="仿宋_GB2312"');
    expect(intro).toContain('<w:sz w:val="32"/>');
    expect(intro).toContain('w:firstLine="640"');
    // every paragraph not set otherwise: 仿宋_GB2312 三号 at exactly 28 pt, on the section's 28 pt line grid
    const defaults = styles.slice(styles.indexOf('<w:docDefaults>'), styles.indexOf('</w:docDefaults>'));
    expect(defaults).toMatch(/<w:spacing[^>]* w:line="560" w:lineRule="exact"/);
    expect(defaults).toContain('w:eastAsia="仿宋_GB2312"');
    expect(defaults).toContain('<w:sz w:val="32"/>');
    expect(xml).toMatch(/<w:docGrid w:type="lines" w:linePitch="560"\/>/);
    expect(paragraphOf(xml, sheet.to)).not.toContain('w:firstLine');
    expect(paragraphOf(xml, sheet.date)).toContain('<w:jc w:val="right"/>');
    // the 落款 (the head may read the same words)
    expect(paragraphOf(xml, sheet.issuer, sheet.date)).toContain('<w:jc w:val="right"/>');
    // page numbers “— 1 —”, odd pages right and even left
    expect(footers).toHaveLength(2);
    for (const f of footers) expect(f).toMatch(/— <\/w:t>.*PAGE.*<w:t[^>]*> —/s);
    expect(footers.map((f) => f.match(/<w:jc w:val="(\w+)"\/>/)![1]).sort()).toEqual(['left', 'right']);
  });

  it('a bulletin carries its 总体评价, 下一步工作要求 and notes into the Word file', async () => {
    const sheet = sheetOf('bulletin', BY_KIND.bulletin, { ...ctx, number: '青法治办通报〔2026〕6号' });
    const { paragraphs } = await read(await renderDocx(sheet));
    expect(sheet.head).toBe('青山县全面依法治县委员会办公室文件');
    expect(paragraphs.filter((p) => p.startsWith('总体评价：') || p.startsWith('下一步工作要求：'))).toHaveLength(2);
    // the 工作重点 table under its caption, after the notes and before the closing line
    const caption = paragraphs.indexOf('各工作重点办理情况：');
    expect(caption).toBeGreaterThan(paragraphs.indexOf(sheet.notes!.at(-1)!));
    expect(paragraphs.slice(caption + 1, caption + 7)).toEqual(['工作重点', '任务数', '到期任务', '到期已办结', '逾期', '办结率']);
    expect(paragraphs.slice(caption + 7, caption + 13)).toEqual(['深化法治政府建设', '5', '4', '3', '1', '75.0%']);
    expect(paragraphs.indexOf(sheet.outro)).toBeGreaterThan(caption + 13);
    expect(paragraphs.some((p) => p.includes('青山县城关镇“开展法治宣传进村居”'))).toBe(true);
    expect(paragraphs).toContain('抄送：各分管领导。');
  });

  it('keeps the last line of text, the 落款 and the 成文日期 on one page', async () => {
    const sheet = sheetOf('bulletin', BY_KIND.bulletin, { ...ctx, number: '青法治办通报〔2026〕6号' });
    const { xml } = await read(await renderDocx(sheet));
    const last = sheet.closing?.length ? sheet.closing.at(-1)! : sheet.outro;
    expect(paragraphOf(xml, last)).toContain('<w:keepNext/>');
    expect(paragraphOf(xml, sheet.issuer, sheet.date)).toContain('<w:keepNext/>');
    // the lines of the body before it flow freely
    expect(paragraphOf(xml, sheet.notes![0])).not.toContain('<w:keepNext/>');
  });

  it('a document with nobody copied has the 印发 line alone in its 版记', async () => {
    const sheet = sheetOf('assign_slip', BY_KIND.assign_slip, { ...ctx, recipients: ['unit'], number: '青法治办交办〔2026〕9号' });
    const { paragraphs } = await read(await renderDocx(sheet));
    expect(paragraphs.some((p) => p.startsWith('抄送'))).toBe(false);
    expect(paragraphs[paragraphs.length - 1]).toBe('青山县全面依法治县委员会办公室\t2026年7月3日印发');
  });

  it('names the file after the 文号 and the title', () => {
    expect(docxFileName({ number: '青法治办督办〔2026〕3号', title: '督办通知单' })).toBe('青法治办督办〔2026〕3号 督办通知单.docx');
    expect(docxFileName({ number: '', title: 'a/b' })).toBe('a_b.docx');
  });

  describe('the sheet of a stored document', () => {
    const stored = (kind: DocumentKind, recipients: Array<'unit' | 'leaders' | 'office'>) => {
      const number = documentNumber(kind, 2026, 3, '青法治办');
      const sheet = sheetOf(kind, BY_KIND[kind], { ...ctx, number, recipients });
      // issued at 09:00 Beijing time on 2026-07-03
      return { sheet, row: { kind, number, title: sheet.title, period: ctx.period, unitName: ctx.unitName, officeName: '青山县法治办',
        issuedAt: new Date('2026-07-03T01:00:00Z'), content: BY_KIND[kind], text: renderText(sheet) } };
    };

    it.each(Object.keys(BY_KIND) as DocumentKind[])('%s: reads as issued, the 落款 and the 抄送 the policy gave it included', (kind) => {
      for (const recipients of [['unit'], ['unit', 'leaders', 'office']] as Array<Array<'unit' | 'leaders' | 'office'>>) {
        const { sheet, row } = stored(kind, recipients);
        expect(storedSheet(row)).toEqual({ ...sheet, closing: sheet.closing, notes: sheet.notes });
      }
    });

    it('content of an older shape: the stored text as the body, under the same 版头, 文号 and title', () => {
      const { row } = stored('work_reminder', ['unit']);
      const sheet = storedSheet({ ...row, content: { items: [task] } }); // no counts: the reminder cannot be drawn again
      expect(sheet).toMatchObject({ head: ctx.issuer, number: row.number, title: '工作提醒', issuer: ctx.issuer, date: '2026年7月3日', cc: [] });
      expect(sheet.closing).toContain('青山县司法局：');
    });
  });
});
