import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** How a machine's fonts are set up, for a browser started with FONTCONFIG_FILE pointing at it. */
export interface FontSetup {
  /** The one font the machine has: its family, as the system's fontconfig knows it. */
  family: string;
  /** Rendering settings the machine's configuration asks for (hinting, subpixel order). */
  rendering?: { hintstyle: 'hintnone' | 'hintslight' | 'hintfull'; rgba: 'none' | 'rgb' | 'bgr' };
}

/**
 * Test support: writes a fontconfig configuration that hides the system's fonts and settings and
 * offers one Latin font (a copy of the system's file for `setup.family`; a machine always has one,
 * and Chromium's own pages need one) with `setup.rendering`. Returns the FONTCONFIG_FILE value.
 */
export function fontConfigFile(setup: FontSetup): string {
  const dir = mkdtempSync(join(tmpdir(), 'merrow-fonts-'));
  const fonts = join(dir, 'fonts');
  mkdirSync(fonts);
  const file = execFileSync('fc-match', ['-f', '%{file}', setup.family], {
    encoding: 'utf8',
    env: { ...process.env, FONTCONFIG_FILE: undefined },
  });
  copyFileSync(file, join(fonts, basename(file)));
  const rendering = setup.rendering
    ? `<match target="font">
    <edit name="hinting" mode="assign"><bool>${setup.rendering.hintstyle !== 'hintnone'}</bool></edit>
    <edit name="hintstyle" mode="assign"><const>${setup.rendering.hintstyle}</const></edit>
    <edit name="rgba" mode="assign"><const>${setup.rendering.rgba}</const></edit>
  </match>`
    : '';
  const config = join(dir, 'fonts.conf');
  writeFileSync(
    config,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${fonts}</dir>
  <cachedir>${join(dir, 'cache')}</cachedir>
  ${rendering}
</fontconfig>
`,
  );
  return config;
}

/** Two machines that share no font and no rendering setting, neither with a CJK font. */
export const TWO_MACHINES: readonly FontSetup[] = [
  { family: 'DejaVu Sans' },
  { family: 'Liberation Sans', rendering: { hintstyle: 'hintfull', rgba: 'rgb' } },
];
