import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fontConfigFile, TWO_MACHINES } from '../../test/font-config.ts';
import { engineAssets } from '../../test/support/test-assets.ts';
import { createEngine, type Engine } from './index.ts';

// Long enough to wrap: how many lines a label takes depends on how its glyphs were measured.
const LABELS = {
  Korean: { text: '사용자 요청을 인증 서비스로 전달합니다', font: 'NotoSansKR' },
  Japanese: { text: '認証済みのリクエストをキューに送ります', font: 'NotoSansJP' },
  'Simplified Chinese': { text: '将已认证的请求转发到处理队列服务', font: 'NotoSansSC' },
  'Traditional Chinese': { text: '將已認證的請求轉發到處理佇列服務', font: 'NotoSansTC' },
};

/** Engines on two machines with different fonts, neither with a CJK font. */
let machines: Engine[] = [];
let scratch: string;
const saved = process.env.FONTCONFIG_FILE;

beforeAll(async () => {
  const assetsDir = await engineAssets();
  for (const setup of TWO_MACHINES) {
    process.env.FONTCONFIG_FILE = fontConfigFile(setup);
    const engine = createEngine({ assetsDir, jobs: 1 });
    machines.push(engine);
    await engine.parse({ text: 'flowchart LR\n  a' }); // the browser has started with this environment
  }
  scratch = mkdtempSync(join(tmpdir(), 'merrow-fonts-out-'));
}, 180_000);
afterAll(async () => {
  await Promise.all(machines.map((engine) => engine.close()));
  machines = [];
  if (saved === undefined) delete process.env.FONTCONFIG_FILE;
  else process.env.FONTCONFIG_FILE = saved;
  rmSync(scratch, { recursive: true, force: true });
});

const diagram = (label: string) => `flowchart LR\n  a["${label}"]\n`;

async function render(engine: Engine, text: string, format: 'svg' | 'png' | 'pdf') {
  const out = await engine.render({ text, background: 'white' }, { format, scale: 2 });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out;
}

async function png(text: string): Promise<PNG> {
  return PNG.sync.read(Buffer.from((await render(machines[0]!, text, 'png')).data));
}

/** Dark pixels in the middle of the image, where the label is (inside the box's outline). */
function inkInside(image: PNG): number {
  let n = 0;
  for (let y = Math.round(image.height * 0.25); y < image.height * 0.75; y++) {
    for (let x = Math.round(image.width * 0.2); x < image.width * 0.8; x++) {
      if (image.data[(y * image.width + x) * 4]! < 128) n++;
    }
  }
  return n;
}

function differingPixels(a: PNG, b: PNG): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) if (a.data.readUInt32BE(i) !== b.data.readUInt32BE(i)) n++;
  return n;
}

describe('CJK labels on machines without a CJK font', () => {
  for (const [language, { text, font }] of Object.entries(LABELS)) {
    it(`measures ${language} labels once their font is there, the same on both machines`, async () => {
      // The page has not drawn this script yet: the first render must already wait for its font.
      const first = await render(machines[0]!, diagram(text), 'svg');
      expect(first.svg).toContain(text);
      expect((await render(machines[0]!, diagram(text), 'svg')).svg).toBe(first.svg);
      expect((await render(machines[1]!, diagram(text), 'svg')).svg).toBe(first.svg);
    });

    it(`draws ${language} glyphs in PNG, not empty boxes`, async () => {
      // Without spaces, so that the reversed label wraps onto the same lines.
      const glyphs = text.replace(/\s/g, '');
      const label = await png(diagram(glyphs));
      // The same characters in another order draw other pixels; empty boxes would not.
      const reversed = await png(diagram([...glyphs].reverse().join('')));
      expect([reversed.width, reversed.height]).toEqual([label.width, label.height]);
      expect(differingPixels(label, reversed)).toBeGreaterThan(1000);
      expect(inkInside(label)).toBeGreaterThan(1000);
    });

    it(`embeds the ${language} font and the text in PDF`, async () => {
      const file = join(scratch, `${font}.pdf`);
      writeFileSync(file, (await render(machines[0]!, diagram(text), 'pdf')).data);
      expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toContain(font);
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s/g, '')).toContain(
        text.replace(/\s/g, ''),
      );
    });
  }

  it('gives the same PNG bytes on both machines', async () => {
    const text = `flowchart LR\n  a["${LABELS.Japanese.text}"] --> b[Latin → text]\n`;
    const [a, b] = await Promise.all(machines.map((engine) => render(engine, text, 'png')));
    expect(Buffer.from(a!.data).equals(Buffer.from(b!.data))).toBe(true);
  });

  it('lays out again a diagram whose own font had not loaded, so it is measured in that font', async () => {
    // Japanese text in the Korean font, which nothing before has loaded for these characters.
    const own = `---\nconfig:\n  fontFamily: '"Noto Sans KR"'\n---\n${diagram('手続きを確認してから次の段階へ進みます')}`;
    const first = await render(machines[0]!, own, 'svg');
    expect(first.svg).toContain('font-family:"Noto Sans KR"');
    expect((await render(machines[0]!, own, 'svg')).svg).toBe(first.svg);
  });
});
