import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

// words every report uses: they say nothing about what a problem or measure is about
const STOP_WORDS = new Set(('进一步 加强 推进 推动 持续 深入 全面 切实 不断 积极 有效 工作 方面 问题 存在 部分 个别 一些 相关 有关 ' +
  '开展 落实 提升 提高 强化 完善 建立 健全 做好 抓好 确保 我们 我局 我县 我市 我镇 全县 全市 全镇 年度 今年 明年 下一步 ' +
  '不够 不足 不强 不高 有待 仍然 还有 依然 较为 比较 需要 进行 实现 形成 注重 围绕 坚持 以及 通过 作为 其中 能力 水平 机制 ' +
  '情况 要求 相应 同时 重点 主要 各类 各项 认真 严格 一是 二是 三是 四是 五是').split(' '));

let jieba: Jieba | undefined;
const segmenter = () => (jieba ??= Jieba.withDict(dict));

/** The content words of a text: two or more characters, no stop words, no numbers. */
export function keyTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const word of segmenter().cut(text, false)) {
    if (word.length >= 2 && /^[\u4e00-\u9fff]+$/.test(word) && !STOP_WORDS.has(word)) terms.add(word);
  }
  return terms;
}

/** Cosine similarity of two term sets, with the shared terms. */
export function termOverlap(a: Set<string>, b: Set<string>): { score: number; shared: string[] } {
  if (!a.size || !b.size) return { score: 0, shared: [] };
  const shared = [...a].filter((t) => b.has(t));
  return { score: shared.length / Math.sqrt(a.size * b.size), shared };
}
