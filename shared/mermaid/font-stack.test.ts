import { describe, expect, it } from 'vitest';
import { cjkOrder, fontStackFor, ownFontFamily } from './font-stack.ts';

describe('cjkOrder', () => {
  it('puts Japanese first for text with kana, even among kanji', () => {
    expect(cjkOrder('flowchart LR\n  a[認証済みの要求]')[0]).toBe('ja');
  });

  it('puts Korean first for text with hangul', () => {
    expect(cjkOrder('a[사용자 요청] --> b[數據]')[0]).toBe('ko');
  });

  it('tells simplified from traditional Chinese by their distinct characters', () => {
    expect(cjkOrder('a[数据库服务] --> b[处理请求]')[0]).toBe('zh-Hans');
    expect(cjkOrder('a[數據庫服務] --> b[處理請求]')[0]).toBe('zh-Hant');
    // Han characters both scripts share say nothing: simplified by default.
    expect(cjkOrder('a[中文]')[0]).toBe('zh-Hans');
  });

  it('keeps every family, so a character one font lacks is drawn by another bundled one', () => {
    for (const text of ['plain', 'かな', '한글', '中文', '中文 かな 한글']) {
      expect(new Set(cjkOrder(text))).toEqual(new Set(['ja', 'ko', 'zh-Hans', 'zh-Hant']));
    }
  });
});

describe('fontStackFor', () => {
  it('lists Arimo, the CJK families in the text’s order, then mermaid’s default stack', () => {
    expect(fontStackFor('a[日本語のラベル]')).toBe(
      'Arimo, "Noto Sans JP", "Noto Sans SC", "Noto Sans TC", "Noto Sans KR", "trebuchet ms", verdana, arial, sans-serif',
    );
    expect(fontStackFor('flowchart LR\n  a --> b')).toBe(
      'Arimo, "Noto Sans SC", "Noto Sans TC", "Noto Sans JP", "Noto Sans KR", "trebuchet ms", verdana, arial, sans-serif',
    );
  });
});

describe('ownFontFamily', () => {
  it('finds a font the config chooses at the top or in its theme variables', () => {
    expect(ownFontFamily({ fontFamily: 'Inter' })).toBe('Inter');
    expect(ownFontFamily({ themeVariables: { fontFamily: 'Fira Sans' } })).toBe('Fira Sans');
    expect(ownFontFamily({ theme: 'dark' })).toBeUndefined();
  });
});
