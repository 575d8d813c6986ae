import type { MermaidConfig } from './render-types.ts';

/**
 * The fonts Merrow lays diagrams out with. Every mermaid page bundles them (build/bundled-fonts.ts),
 * so text is measured alike on every machine, whatever fonts it has: Arimo for Latin, Greek,
 * Cyrillic and Hebrew (it has Arial's metrics, so an SVG viewer that falls back to Arial keeps
 * every label inside its box), then the four Noto Sans CJK families, which also draw arrows, box
 * drawing and most symbols.
 */
export const LATIN_FAMILY = 'Arimo';
export const CJK_FAMILIES = {
  ja: 'Noto Sans JP',
  ko: 'Noto Sans KR',
  'zh-Hans': 'Noto Sans SC',
  'zh-Hant': 'Noto Sans TC',
} as const;

/** Mermaid's own default stack, kept after the bundled fonts for viewers of an SVG that lack them. */
export const MERMAID_DEFAULT_FONTS = '"trebuchet ms", verdana, arial, sans-serif';

type CjkLanguage = keyof typeof CJK_FAMILIES;

const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]/u;
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;

/**
 * Common characters whose simplified and traditional forms differ (position by position), to tell
 * Chinese written in one from the other: Han characters alone do not say which font is meant.
 */
const SIMPLIFIED =
  '个们这来会对时说国为发过数据库务请应网络关开电机统单错误认证设连结点线处读写输进实现动态长门问间题页资节与东产从还见觉让话语样学将业专转载达运边选择报录号码类图层区华闻队阶际险验馆体压标检测试购买卖订货费账钱银车军头脑计划讯记许论识议该调谁变传优价众创删则办册协卫参双吗启响园块场声备复够审导尽属师带帮广异张归总战执扩护换损断无旧显术权条杂极构树档楼欢气汇没满灯热爱状环画盘础确离种积称简签级纪约红纸练组细终经给继续维编缓缩职联药补装视览讨训访评诉词译询详谈负败质赛轮软轻辑远迁递逻邮释钥链锁键镜闭阅陆随隐难须顶项顺预领频颜风飞鱼鸟黄龙';
const TRADITIONAL =
  '個們這來會對時說國為發過數據庫務請應網絡關開電機統單錯誤認證設連結點線處讀寫輸進實現動態長門問間題頁資節與東產從還見覺讓話語樣學將業專轉載達運邊選擇報錄號碼類圖層區華聞隊階際險驗館體壓標檢測試購買賣訂貨費賬錢銀車軍頭腦計劃訊記許論識議該調誰變傳優價眾創刪則辦冊協衛參雙嗎啟響園塊場聲備復夠審導盡屬師帶幫廣異張歸總戰執擴護換損斷無舊顯術權條雜極構樹檔樓歡氣匯沒滿燈熱愛狀環畫盤礎確離種積稱簡簽級紀約紅紙練組細終經給繼續維編緩縮職聯藥補裝視覽討訓訪評訴詞譯詢詳談負敗質賽輪軟輕輯遠遷遞邏郵釋鑰鏈鎖鍵鏡閉閱陸隨隱難須頂項順預領頻顏風飛魚鳥黃龍';

function looksTraditional(text: string): boolean {
  let score = 0;
  for (const ch of text) {
    if (TRADITIONAL.includes(ch)) score++;
    else if (SIMPLIFIED.includes(ch)) score--;
  }
  return score > 0;
}

/**
 * The CJK languages in the order their fonts should draw `text`: the same Han character is drawn
 * differently in Japanese, Korean and Chinese fonts, so the language the text is written in comes
 * first: kana means Japanese, hangul Korean, Han characters alone Chinese (traditional when its
 * distinctive characters outnumber simplified ones). Without CJK text, simplified Chinese's font
 * comes first: it covers the most symbols.
 */
export function cjkOrder(text: string): CjkLanguage[] {
  const first: CjkLanguage[] = [];
  if (KANA.test(text)) first.push('ja');
  if (HANGUL.test(text)) first.push('ko');
  if (first.length === 0 && HAN.test(text)) first.push(looksTraditional(text) ? 'zh-Hant' : 'zh-Hans');
  const rest = (['zh-Hans', 'zh-Hant', 'ja', 'ko'] as const).filter((lang) => !first.includes(lang));
  return [...first, ...rest];
}

/** The `fontFamily` Merrow gives mermaid for `text`: the bundled fonts, then mermaid's default stack. */
export function fontStackFor(text: string): string {
  const cjk = cjkOrder(text).map((lang) => `"${CJK_FAMILIES[lang]}"`);
  return [LATIN_FAMILY, ...cjk, MERMAID_DEFAULT_FONTS].join(', ');
}

/** The font a config chooses itself, if any (it is then used as written). */
export function ownFontFamily(config: MermaidConfig): string | undefined {
  const themeVariables = config.themeVariables as { fontFamily?: unknown } | undefined;
  const own = themeVariables?.fontFamily ?? config.fontFamily;
  return typeof own === 'string' ? own : undefined;
}
