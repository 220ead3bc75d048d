import { DomainError } from '../common/domain-error';

export const SUPPORTED_FORMATS = '纯文本（UTF-8、UTF-16、GBK/GB18030 编码的 .txt）、Word 文档（.docx）、有文字层的 PDF（非扫描件）、OFD 版式文件（非扫描件）、网页（.html/.htm）';

export const ReportErrors = {
  empty: () => new DomainError('invalid', 'REPORT_EMPTY', '上传的报告是空的'),
  tooLarge: (maxMb: number) => new DomainError('too_large', 'REPORT_TOO_LARGE', `报告文件不能超过 ${maxMb} MB`, { maxMb }),
  /** a zip bomb: the parser's message says which cap */
  archiveTooLarge: (message: string) => new DomainError('too_large', 'ARCHIVE_TOO_LARGE', message),
  parseLimit: (code: 'REPORT_PARSE_TIMEOUT' | 'REPORT_PARSE_TOO_COMPLEX', message: string) =>
    new DomainError('unprocessable', code, message),
  tooManyItems: (items: number, max: number) => new DomainError('unprocessable', 'REPORT_TOO_MANY_ITEMS',
    `这份文件识别出 ${items} 个条目，超过单份报告的上限 ${max} 个；请确认上传的是一份法治政府建设情况报告，多份报告请分别上传`,
    { items, max }),
  parseBusy: (message: string) => new DomainError('unavailable', 'REPORT_PARSE_BUSY', message),
  unsafeXml: (message: string) => new DomainError('unprocessable', 'REPORT_UNSAFE_XML', message),
  unsupported: (reason: string) =>
    new DomainError('unsupported', 'REPORT_UNSUPPORTED', `无法读取该文件（${reason}）。支持的格式：${SUPPORTED_FORMATS}`),
  /** `message`: the parser's, which says it is a scan, that there is no OCR and what to upload instead */
  pdfNoText: (message: string) => new DomainError('unsupported', 'REPORT_PDF_NO_TEXT', message),
  duplicate: (existingReportId: string, title: string | null) =>
    new DomainError('conflict', 'REPORT_DUPLICATE', `该文件已导入过${title ? `（《${title}》）` : ''}`, { existingReportId }),
  notFound: (id: string) => new DomainError('not_found', 'REPORT_NOT_FOUND', '报告不存在或不在您的管辖范围内', { id }),
  ruleNotFound: (id: string) => new DomainError('not_found', 'OWNER_RULE_NOT_FOUND', '关键词规则不存在或不属于本辖区', { id }),
  itemNotFound: (id: string) => new DomainError('not_found', 'REPORT_ITEM_NOT_FOUND', '条目不存在', { id }),
  officeOnly: () => new DomainError('forbidden', 'REPORT_OFFICE_ONLY', '报告导入与整理由法治办负责'),
  jurisdictionRequired: () =>
    new DomainError('invalid', 'REPORT_JURISDICTION_REQUIRED', '系统管理员导入报告时必须指定所属辖区（jurisdictionId）'),
  hasTasks: (codes: string[], drafts: number) => new DomainError('conflict', 'REPORT_HAS_TASKS',
    `该报告已生成 ${codes.length} 项任务（${codes.slice(0, 5).join('、')}${codes.length > 5 ? ' 等' : ''}${drafts ? `，其中草稿 ${drafts} 项` : ''}），` +
    '不能删除；任务以本报告为来源，如确需删除，请先在任务台账中撤销这些任务', { codes }),
  itemChanged: () => new DomainError('conflict', 'REPORT_ITEM_CHANGED', '条目刚被合并、拆分或删除，请刷新页面后重试'),
  itemSpan: (length: number) => new DomainError('invalid', 'REPORT_ITEM_SPAN',
    `原文位置不正确：起点须小于终点，且都在 0 到 ${length} 之间`, { length }),
  childKind: () => new DomainError('invalid', 'REPORT_ITEM_CHILD_KIND', '小项随所属大项归类，不能单独修改类别'),
  itemHasTaskFor: (action: string, heading: string, taskCode: string) =>
    new DomainError('conflict', 'REPORT_ITEM_HAS_TASK', `条目“${heading}”已生成任务 ${taskCode}，不能${action}`, { taskCode }),
  mergeTooFew: () => new DomainError('invalid', 'REPORT_MERGE_TOO_FEW', '请至少选择两个不同的条目再合并'),
  mergeKinds: () => new DomainError('invalid', 'REPORT_MERGE_KINDS', '只能合并同一类条目（问题与问题、举措与举措、建议与建议）'),
  mergeLevels: () => new DomainError('invalid', 'REPORT_MERGE_LEVELS', '只能合并同一层级的条目（同为大项，或同属一个大项的小项）'),
  mergeNotAdjacent: (heading: string) => new DomainError('invalid', 'REPORT_MERGE_NOT_ADJACENT',
    `所选条目之间还有“${heading}”，只能合并报告中相邻的条目（可把中间的条目一并选上）`, { between: heading }),
  splitPoint: () => new DomainError('invalid', 'REPORT_SPLIT_POINT', '拆分位置须在条目文字中间，拆开后的两部分都不能为空'),
  splitInsideChild: (heading: string) => new DomainError('invalid', 'REPORT_SPLIT_INSIDE_CHILD',
    `拆分位置落在小项“${heading}”中间，请换一个位置`, { child: heading }),
  linkKinds: () => new DomainError('invalid', 'REPORT_LINK_KINDS', '关联须是一个“问题”和一个“举措”'),
  noLead: (items: Array<{ itemId: string; row: string; heading: string }>) =>
    new DomainError('invalid', 'REPORT_DRAFT_NO_LEAD', `${items.map((i) => `${i.row}“${i.heading}”`).join('；')}没有牵头单位，请指定`,
      { items }),
  draftDeadlinePast: (items: Array<{ itemId: string; row: string; deadline: string }>) =>
    new DomainError('invalid', 'REPORT_DRAFT_DEADLINE_PAST',
      `${items.map((i) => `${i.row}：完成时限${i.deadline}早于今天`).join('；')}，请修改后再生成`, { items }),
  draftTwice: (items: Array<{ itemId: string; row: string }>) => new DomainError('invalid', 'REPORT_DRAFT_DUPLICATE',
    `同一条目在一次请求中只能出现一次：${items.map((i) => i.row).join('、')}`, { itemIds: items.map((i) => i.itemId), items }),
  notDraftable: (itemId: string, row: string) =>
    new DomainError('invalid', 'REPORT_ITEM_NOT_DRAFTABLE', `${row}：只能由“举措”或“问题”生成任务`, { itemId, row }),
};
