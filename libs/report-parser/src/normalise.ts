/** One non-empty line of the normalised text; `text === normalised.slice(start, end)`. */
export interface Line {
  start: number;
  end: number;
  text: string;
}

export interface NormalisedText {
  text: string;
  lines: Line[];
  /** page-furniture lines that were dropped, in order (metadata still reads dates from them) */
  junk: string[];
}

const NAV_WORDS = /首页|主页|当前位置|您的位置|你的位置|所在位置|查看内容|正文|详情|列表|栏目|频道|专题|返回/;
const META_KEYS = /(发布时间|发布日期|发布者|发布人|发布机构|信息来源|来源|作者|浏览次数|浏览量|浏览|阅读次数|阅读|点击数|点击率|点击|访问量|字号|字体|查看|评论|责任编辑|编辑|打印|关闭|分享|收藏|索引号|时间)\s*[:：]/g;

const JUNK_LINE = new RegExp(
  '^(?:' + [
    '搜索', '站内搜索', '全文检索', '首页', '网站首页', '返回首页', '返回顶部', '返回', '打印', '关闭', '打印本页', '关闭窗口',
    '打印此页', '关闭本页', '[【\\[]\\s*(?:打印|关闭|返回顶部|关闭窗口|打印本页|收藏|纠错)\\s*[】\\]]\\s*(?:[【\\[].*)?',
    'qrcode', '二维码', '分享到?.{0,20}', '扫一扫.{0,30}', '微信扫一扫.{0,30}', '手机扫码.{0,30}', '用手机.{0,6}扫描.{0,30}',
    '联系客服.{0,40}', '关注微信.{0,30}', '上一篇.{0,80}', '下一篇.{0,80}', '上一条.{0,80}', '下一条.{0,80}',
    '相关(?:链接|文章|阅读|新闻|稿件)[:：]?.{0,80}', '(?:责任)?编辑[:：].{0,30}', '审核[:：].{0,30}', '校对[:：].{0,30}',
    '(?:信息)?来源[:：].{0,40}', '作者[:：].{0,30}', '(?:浏览|阅读|点击|访问)(?:次数|量|数|率)?[:：].{0,20}',
    '字号[:：]?.{0,20}', '[【\\[]?字体[:：]?.{0,20}', '[【\\[]?\\s*[大中小](?:\\s*[大中小]){1,2}\\s*[】\\]]?',
    '(?:当前|您的|你的|您现在的|所在)位置.{0,100}',
    // breadcrumbs in all wordings (您所在的位置：/ 您现在的位置：/ 当前位置：/ 位置：首页 > …) and "首页 - 信息公开 - …"
    '(?:您|你)(?:现在|当前|目前)?(?:所在)?的?位置\\s*[:：].{0,200}',
    '(?:当前|所在|现在)的?(?:位置|路径)\\s*[:：].{0,200}', '位置\\s*[:：]\\s*(?:网站)?(?:首页|主页).{0,200}', '(?:网站)?(?:首页|主页)\\s*(?:>|＞|›|»|》|/|-|—|→|\\||｜|·)\\s*.{1,200}',
    // the publication line of a saved page: kept in junk, where metadata reads the date from it
    '[【\\[]?(?:发布|发文|成文|公开|更新)?(?:时间|日期)\\s*[:：]\\s*(?:19|20)\\d{2}\\s*[-/.年]\\s*\\d{1,2}.{0,120}', '发布于\\s*[:：]?\\s*(?:19|20)\\d{2}.{0,120}',
    // the site's banner (XX县人民政府门户网站): never the report's title
    // (a place in its name, no enumerator or punctuation: "（三）加强政府网站建设" stays)
    '[^\\s，。；：、（）()]{0,20}(?:省|市|县|区|州|盟|旗|乡|镇|街道)[^\\s，。；：、（）()]{0,20}(?:门户网站|政府网站|人民政府网|政府网|政务服务网|政务网|官方网站|门户网)',
    '版权所有.{0,200}', 'copyright.{0,200}', '©.{0,200}',
    '.{0,100}ICP备.{0,100}', '.{0,100}公网安备.{0,100}', '主办(?:单位)?[:：].{0,80}', '承办(?:单位)?[:：].{0,80}',
    '技术支持[:：]?.{0,80}', '网站地图.{0,80}', '联系我们.{0,80}', '网站标识码.{0,80}', '关于我们.{0,80}', '设为首页.{0,80}',
    '加入收藏.{0,80}', '无障碍(?:浏览|阅读)?.{0,40}', 'english', '繁體', '繁体', '简体', '登录', '注册', '纠错',
    '摘要[:：].{0,400}(?:\\.{3}|…+)', '(?:今天是|今日)\\s*\\d{4}.{0,40}',
    '\\d{4}[-/.年]\\d{1,2}[-/.月]\\d{1,2}日?\\s*(?:星期|周)[一二三四五六日天].{0,30}',
    '\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\s+\\d{1,2}:\\d{2}(?::\\d{2})?.{0,120}',
  ].join('|') + ')$',
  'i',
);

const URL = /(?:https?:\/\/|www\.)[a-z0-9\-._~%/?#=&:+]+/gi;
const INLINE_SOURCE = /[（(【[]\s*(?:来源|稿源|信息来源|作者|编辑|责任编辑|转自|本文来源)[:：][^）)】\]\n]{0,40}[）)】\]]/g;

/** True for navigation, date banners, share/print links, copyright and other page furniture. */
export function isJunkLine(line: string): boolean {
  if (line.length > 400) return false;
  if (JUNK_LINE.test(line)) return true;
  const keys = new Set<string>();
  for (const m of line.matchAll(META_KEYS)) keys.add(m[1]);
  if (keys.size >= 2 && line.length < 200) return true;
  if (/^[|｜丨/\\>＞»›·•\-—_=\s]+$/.test(line)) return true;
  // breadcrumbs and menus: many short tokens, no sentence punctuation
  if (!/[，。；：,;！？]/.test(line)) {
    const crumbs = line.split(/\s*(?:>|＞|»|›|》|→|\/|\||｜|丨|\s-\s)\s*/).filter(Boolean);
    if (crumbs.length >= 3 && crumbs.every((t) => t.length <= 12) && NAV_WORDS.test(line)) return true;
    const tokens = line.split(/\s+/).filter(Boolean);
    if (tokens.length >= 4 && tokens.every((t) => t.length <= 8) && (NAV_WORDS.test(line) || tokens.length >= 6)) {
      return true;
    }
  }
  return false;
}

/**
 * Canonical text: LF line ends, no BOM / zero-width / control characters, NBSP and tab as spaces,
 * lines trimmed (ideographic-space indents too), blank lines and page furniture dropped,
 * URLs and inline source watermarks removed. Full-width punctuation is kept as printed.
 */
export function normaliseText(raw: string): NormalisedText {
  const cleaned = raw
    .replace(/[\uFEFF\u200B-\u200D\u2060\u00AD]/g, '')
    // eslint-disable-next-line no-control-regex -- vertical tab and form feed end lines
    .replace(/\r\n?|[\u2028\u2029\u000B\u000C\u0085]/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, '')
    .replace(/[\t\u00A0\u2000-\u200A\u202F\u205F]/g, ' ');
  const out: string[] = [];
  const lines: Line[] = [];
  const junk: string[] = [];
  let offset = 0;
  for (const rawLine of cleaned.split('\n')) {
    let line = rawLine.replace(URL, '').replace(INLINE_SOURCE, '');
    line = line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '').replace(/[ \u3000]{2,}/g, ' ');
    if (!line) continue;
    if (isJunkLine(line)) {
      junk.push(line);
      continue;
    }
    if (out.length) offset += 1;
    lines.push({ start: offset, end: offset + line.length, text: line });
    out.push(line);
    offset += line.length;
  }
  return { text: out.join('\n'), lines, junk };
}
