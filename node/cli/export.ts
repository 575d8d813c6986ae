import { watch } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfigText } from '../../shared/mermaid/config-file.ts';
import { type Diagnostic, formatDiagnostic } from '../../shared/mermaid/diagnostic.ts';
import { embedSourceInPng, embedSourceInSvg } from '../../shared/mermaid/embed.ts';
import { extractMermaidBlocks, rewriteMarkdown } from '../../shared/mermaid/markdown.ts';
import { estimateRenderCost } from '../../shared/mermaid/precheck.ts';
import { type SvgLabels, THEME_BACKGROUND } from '../../shared/mermaid/render-types.ts';
import { errnoWords } from '../boundary/guarded.ts';
import { EngineUnavailableError } from '../engine/browser.ts';
import type { Engine, OutputFormat } from '../engine/options.ts';
import { openEngine } from '../engine/warm/client.ts';
import { writeFileAtomic } from '../safe-write/atomic-write.ts';
import { RunInputs } from '../safe-write/run-inputs.ts';
import { CHANGED_HELP, ChangedInputsError, changedInputs } from './changed-inputs.ts';
import {
  type ConfigLayers,
  type DiagramSource,
  type ExpandedInputs,
  expandInputs,
  type InputFile,
  locate,
  ProjectConfigs,
  problem,
  readDiagrams,
} from './diagram-inputs.ts';
import { checkBackground, checkOutputName, checkTheme } from './option-values.ts';
import { Progress } from './progress.ts';
import { UsageError } from './usage-error.ts';

export const HELP = `Usage: merrow export [options] <files|folders|globs…>

Renders .mmd and .mermaid files, and the \`\`\`mermaid blocks of Markdown files, to SVG, PNG or PDF.
Use - to read a diagram from stdin (written to stdout unless -o is given). Every SVG and PNG
carries its diagram's exact source (merrow convert image.svg -o diagram.mmd gets it back).

Options:
  -o, --output FILE|DIR    output file (one diagram) or folder (mirrors the input tree);
                           default: beside each input; - for stdout
  -f, --format FORMAT      svg (default), png or pdf; inferred from -o FILE's extension
  -t, --theme NAME         mermaid theme: default, dark, forest, neutral, base, neo, neo-dark,
                           redux, redux-dark, redux-color, redux-dark-color
  -c, --config FILE        mermaid config (JSON or YAML); merrow.config.json found upward
                           from each input overrides it, and each diagram's frontmatter wins
  -b, --background COLOR   background colour, or transparent (default: the theme's own,
                           white for the light themes, dark for the dark ones)
  -s, --scale N            pixel density of PNG output (default: 1)
  -w, --width N            layout width in pixels for diagrams that fill it (default: 800)
      --svg-labels KIND    html (mermaid's HTML labels, the default) or text: SVG text that
                           Inkscape, librsvg, PowerPoint and Word show too; also the
                           "merrow": {"svgLabels": "text"} setting of merrow.config.json
      --rewrite-markdown   also write a copy of each Markdown file with image links
  -j, --jobs N             diagrams rendered at once (default: number of cores)
      --timeout SECONDS    give up on a diagram after this long (default: 60)
      --browser PATH       browser to render with (default: MERROW_BROWSER, an installed
                           Electron, then Chrome, Chromium or Edge)
      --watch              re-export a file whenever it changes
${CHANGED_HELP}
  -q, --quiet              print errors only
      --json               print a machine-readable summary on stdout
  -h, --help               show this help

The browser stays up for 60 s after a run, for the next export or check of the same user
(MERROW_ENGINE_IDLE=SECONDS changes that, 0 turns it off; off when CI is set).

Exit status: 0 all diagrams exported, 1 some failed (the others are still written), 2 usage error.`;

const FORMATS = ['svg', 'png', 'pdf'] as const;

interface Options {
  inputs: string[];
  output: string | undefined;
  format: OutputFormat;
  layers: ConfigLayers;
  background: string;
  scale: number;
  width: number;
  /** --svg-labels; each diagram's project setting otherwise. */
  svgLabels: SvgLabels | undefined;
  rewriteMarkdown: boolean;
  jobs: number | undefined;
  timeoutMs: number;
  browser: string | undefined;
  watch: boolean;
  changed: boolean;
  staged: boolean;
  quiet: boolean;
  json: boolean;
}

function positiveNumber(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be a positive ${integer ? 'whole ' : ''}number, not '${value}'`);
  }
  return n;
}

async function parseOptions(argv: string[]): Promise<Options | 'help'> {
  let parsed: ReturnType<typeof parseExportArgs>;
  try {
    parsed = parseExportArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  const changed = !!(v.changed || v.staged);
  if (positionals.length === 0 && !changed)
    throw new UsageError('no input: name files, folders or globs, or - for stdin, or use --changed');
  if (changed && v.watch) throw new UsageError('--watch and --changed do not go together; choose one');
  if (changed && positionals.includes('-')) throw new UsageError('--changed reads files from git, not stdin');
  const fromOutput =
    v.output && /\.(svg|png|pdf)$/i.test(v.output) ? extname(v.output).slice(1).toLowerCase() : undefined;
  checkTheme(v.theme);
  checkBackground(v.background);
  // An -o that exists is judged later, by what it is (a folder, the input itself, another file).
  checkOutputName(
    v.output,
    v.output !== undefined &&
      (await stat(v.output).then(
        () => true,
        () => false,
      )),
  );
  const format = (v.format ?? fromOutput ?? 'svg') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be svg, png or pdf, not '${v.format}'`);
  if (v.json && v.output === '-') throw new UsageError('--json and -o - both write to stdout; choose one');
  const svgLabels = v['svg-labels'];
  if (svgLabels !== undefined && svgLabels !== 'html' && svgLabels !== 'text')
    throw new UsageError(`--svg-labels must be html or text, not '${svgLabels}'`);
  let file: ConfigLayers['file'];
  if (v.config) {
    const text = await readFile(v.config, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`--config ${v.config}: cannot read it (${e.code ?? e.message})`);
    });
    try {
      file = parseConfigText(text, v.config);
    } catch (error) {
      throw new UsageError(`--config ${(error as Error).message}`);
    }
  }
  return {
    inputs: positionals,
    output: v.output,
    format,
    layers: { file, flags: v.theme ? { theme: v.theme } : undefined },
    background: v.background ?? THEME_BACKGROUND,
    scale: positiveNumber(v.scale, '--scale', false) ?? 1,
    width: positiveNumber(v.width, '--width', true) ?? 800,
    svgLabels,
    rewriteMarkdown: !!v['rewrite-markdown'],
    jobs: positiveNumber(v.jobs, '--jobs', true),
    timeoutMs: (positiveNumber(v.timeout, '--timeout', false) ?? 60) * 1000,
    browser: v.browser,
    watch: !!v.watch,
    changed,
    staged: !!v.staged,
    quiet: !!v.quiet,
    json: !!v.json,
  };
}

function parseExportArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      format: { type: 'string', short: 'f' },
      theme: { type: 'string', short: 't' },
      config: { type: 'string', short: 'c' },
      background: { type: 'string', short: 'b' },
      scale: { type: 'string', short: 's' },
      width: { type: 'string', short: 'w' },
      'svg-labels': { type: 'string' },
      'rewrite-markdown': { type: 'boolean' },
      jobs: { type: 'string', short: 'j' },
      timeout: { type: 'string' },
      browser: { type: 'string' },
      watch: { type: 'boolean' },
      changed: { type: 'boolean' },
      staged: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Where each input's outputs go. */
interface Target {
  /** Folder of the images, or undefined for stdout. */
  dir: string | undefined;
  /** Image name without extension. */
  name: string;
  /** The rewritten Markdown copy, with --rewrite-markdown. */
  markdown?: string;
}

function planTarget(input: InputFile, opts: Options, singleFile: boolean): Target {
  const out = opts.output;
  const stem = input.path === '-' ? 'diagram' : basename(input.path, extname(input.path));
  if (out === '-' || (out === undefined && input.path === '-')) return { dir: undefined, name: stem };
  if (out !== undefined && !outputIsFolder(out, input, singleFile)) {
    const abs = resolve(out);
    const named = { dir: dirname(abs), name: basename(abs, extname(abs)) };
    return input.markdown ? { ...named, markdown: abs } : named;
  }
  const dir =
    out === undefined
      ? dirname(input.path)
      : join(resolve(out), input.path === '-' ? '' : relative(input.base, dirname(input.path)));
  const markdown = join(dir, out === undefined ? `${stem}.rendered.md` : basename(input.path));
  return { dir, name: stem, ...(input.markdown ? { markdown } : {}) };
}

/** Whether `-o` names a folder (rather than the one image, or the Markdown copy, of a single input). */
function outputIsFolder(out: string, input: InputFile, singleFile: boolean): boolean {
  if (!singleFile) return true;
  return !(input.markdown ? /\.(md|markdown)$/i : /\.(svg|png|pdf)$/i).test(out);
}

/** Why `-o` cannot be used, in words, or null: it names a file where a folder is needed. */
async function checkOutputOption(out: string | undefined, files: InputFile[]): Promise<string | null> {
  if (out === undefined || out === '-' || !files[0] || !outputIsFolder(out, files[0], files.length === 1)) {
    return null;
  }
  const info = await stat(resolve(out)).catch(() => null);
  if (!info || info.isDirectory()) return null;
  const what = (await (await RunInputs.of(files.map((f) => f.path))).includes(resolve(out)))
    ? 'is the input itself'
    : 'is a file, not a folder';
  const { path, markdown } = files[0]!;
  const wanted =
    files.length > 1
      ? 'a folder for the images'
      : markdown
        ? 'a folder for the images, or a .md file for the rewritten copy'
        : `an image file (${basename(path, extname(path))}.svg, .png or .pdf) or a folder`;
  return `-o ${out} ${what}: name ${wanted}`;
}

function imagePath(target: Target, source: DiagramSource, format: OutputFormat): string | undefined {
  if (!target.dir) return undefined;
  const suffix = source.input.markdown ? `-${source.block}` : '';
  return join(target.dir, `${target.name}${suffix}.${format}`);
}

interface FileReport {
  input: string;
  block?: number;
  output?: string;
  ok: boolean;
  diagnostics: Diagnostic[];
}

/** `merrow export`: see HELP. */
export async function run(argv: string[]): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = await parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`merrow export: ${error.message}\n\nRun 'merrow export --help' for usage.\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let changed: ExpandedInputs | undefined;
  if (opts.changed) {
    try {
      changed = await changedInputs(opts.inputs, opts.staged);
    } catch (error) {
      if (!(error instanceof ChangedInputsError)) throw error;
      process.stderr.write(`merrow export: ${error.message}\n`);
      return 2;
    }
    if (changed.files.length === 0 && changed.problems.length === 0) {
      if (!opts.quiet && !opts.json) process.stderr.write('no changed diagrams to export\n');
      if (opts.json)
        process.stdout.write(`${JSON.stringify({ ok: true, exported: 0, failed: 0, files: [] })}\n`);
      return 0;
    }
  }
  const { files, problems } = changed ?? (await expandInputs(opts.inputs));
  const outputProblem = await checkOutputOption(opts.output, files);
  if (outputProblem) {
    process.stderr.write(`merrow export: ${outputProblem}\n\nRun 'merrow export --help' for usage.\n`);
    return 2;
  }
  // The browser starts now (or a warm one is found), while the inputs are read.
  const engine = openEngine({
    browser: opts.browser,
    jobs: opts.jobs,
    timeoutMs: opts.timeoutMs,
    expectedDiagrams: files.length,
    // Watching keeps its own browser for as long as it runs.
    warm: !opts.watch,
  });
  try {
    const code = await exportOnce(engine, opts, files, problems);
    if (!opts.watch || code === 2) return code;
    return await watchAndExport(engine, opts, files);
  } finally {
    await engine.close();
  }
}

async function exportOnce(
  engine: Engine,
  opts: Options,
  files: InputFile[],
  problems: Diagnostic[],
): Promise<number> {
  const started = performance.now();
  const projects = new ProjectConfigs();
  const read = await Promise.all(files.map((f) => readDiagrams(f, opts.layers, projects)));
  const diagrams = read.flatMap((r) => r.diagrams);
  problems.push(...read.flatMap((r) => r.problems));

  const singleFile = files.length === 1;
  if (opts.output === '-' && diagrams.length > 1) {
    process.stderr.write(
      `merrow export: -o - writes one diagram to stdout, but the inputs hold ${diagrams.length}\n`,
    );
    return 2;
  }
  const targets = new Map(files.map((f) => [f, planTarget(f, opts, singleFile)]));
  const reports: FileReport[] = problems.map((p) => ({ input: p.file ?? '', ok: false, diagnostics: [p] }));
  // A run never writes over one of its own inputs (a Markdown copy onto its original, above all).
  const inputs = await RunInputs.of(files.map((f) => f.path));
  const overwrites = async (path: string | undefined) => path !== undefined && (await inputs.includes(path));
  const progress = new Progress(diagrams.length, { quiet: opts.quiet || opts.json });
  for (const p of problems) progress.print(formatDiagnostic(p));

  let browserMissing: EngineUnavailableError | undefined;
  const results = new Map<DiagramSource, boolean>();
  const writes: Promise<void>[] = [];
  await Promise.all(
    diagrams.map(async (source) => {
      const target = targets.get(source.input)!;
      const output = imagePath(target, source, opts.format);
      const report: FileReport = { input: source.input.display, ok: false, diagnostics: [] };
      if (source.block) report.block = source.block;
      reports.push(report);
      if (await overwrites(output)) {
        report.diagnostics = [problem(source.input.display, notOverInput(output!))];
        progress.print(formatDiagnostic(report.diagnostics[0]!));
        results.set(source, false);
        return;
      }
      let result: Awaited<ReturnType<Engine['render']>>;
      try {
        // Labels only matter in an SVG: the browser draws PNG and PDF from the HTML ones.
        const labels = opts.format === 'svg' ? (opts.svgLabels ?? source.labels) : undefined;
        result = await engine.render(
          {
            text: source.text,
            config: source.config,
            background: opts.background,
            width: opts.width,
            ...(labels === 'text' ? { labels } : {}),
          },
          { format: opts.format, scale: opts.scale, cost: estimateRenderCost(source.text) },
        );
      } catch (error) {
        if (!(error instanceof EngineUnavailableError)) throw error;
        browserMissing = error;
        results.set(source, false);
        return;
      }
      if (!result.ok) {
        report.diagnostics = locate(result.diagnostics, source);
        for (const d of report.diagnostics) progress.print(formatDiagnostic(d));
        results.set(source, false);
        progress.step(`failed ${source.input.display}`);
        return;
      }
      // Writes run alongside the remaining renders; each is atomic (temp file + rename).
      const data = withSource(opts.format, result, source.text);
      const write = output
        ? mkdir(dirname(output), { recursive: true }).then(() =>
            writeFileAtomic(output, data, { sync: false }),
          )
        : new Promise<void>((res, rej) => process.stdout.write(data, (e) => (e ? rej(e) : res())));
      writes.push(
        write.then(
          () => {
            report.ok = true;
            if (output) report.output = relativeDisplay(output);
            results.set(source, true);
            progress.step(
              `${source.input.display}${source.block ? ` #${source.block}` : ''} -> ${report.output ?? 'stdout'}`,
            );
          },
          (error: NodeJS.ErrnoException) => {
            // mkdir meets a file where a folder of the path should be: EEXIST or ENOTDIR.
            const why =
              error.syscall === 'mkdir' && (error.code === 'EEXIST' || error.code === 'ENOTDIR')
                ? 'a part of its path is a file, not a folder'
                : errnoWords(error);
            const d = problem(source.input.display, `cannot write ${output}: ${why}`);
            report.diagnostics.push(d);
            results.set(source, false);
            progress.print(formatDiagnostic(d));
          },
        ),
      );
    }),
  );
  await Promise.all(writes);
  if (browserMissing) {
    progress.end();
    process.stderr.write(`merrow export: ${browserMissing.message}\n`);
    if (opts.json) process.stdout.write(`${JSON.stringify({ ok: false, error: browserMissing.message })}\n`);
    return 1;
  }
  if (opts.rewriteMarkdown) {
    const refused = await rewriteMarkdownFiles(files, diagrams, targets, results, opts, progress, inputs);
    reports.push(...refused);
  }
  progress.end();

  const failed = reports.filter((r) => !r.ok).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (opts.json) {
    const summary = {
      ok: failed === 0,
      exported: reports.length - failed,
      failed,
      seconds: Number(seconds),
      files: reports,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else if (!opts.quiet && reports.length > 1) {
    const what = `${reports.length - failed} diagram${reports.length - failed === 1 ? '' : 's'}`;
    process.stderr.write(
      `exported ${what} to ${opts.format.toUpperCase()} in ${seconds} s${failed ? `; ${failed} failed` : ''}\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}

/** Writes each Markdown copy whose blocks all rendered, with image links relative to it. */
async function rewriteMarkdownFiles(
  files: InputFile[],
  diagrams: DiagramSource[],
  targets: Map<InputFile, Target>,
  results: Map<DiagramSource, boolean>,
  opts: Options,
  progress: Progress,
  inputs: RunInputs,
): Promise<FileReport[]> {
  const refused: FileReport[] = [];
  for (const file of files) {
    const target = targets.get(file)!;
    if (!file.markdown || !target.markdown) continue;
    if (await inputs.includes(target.markdown)) {
      const d = problem(file.display, `not rewritten: ${notOverInput(target.markdown)}`);
      refused.push({ input: file.display, ok: false, diagnostics: [d] });
      progress.print(formatDiagnostic(d));
      continue;
    }
    const sources = diagrams.filter((d) => d.input === file);
    if (sources.some((s) => !results.get(s))) {
      progress.print(`${file.display}: not rewritten, because some of its diagrams failed`);
      continue;
    }
    const text = file.path === '-' ? '' : await readFile(file.path, 'utf8');
    const links = sources.map((s) => {
      const image = imagePath(target, s, opts.format)!;
      return relative(dirname(target.markdown!), image).split('\\').join('/') || basename(image);
    });
    await mkdir(dirname(target.markdown), { recursive: true });
    await writeFileAtomic(target.markdown, rewriteMarkdown(text, extractMermaidBlocks(text), links), {
      sync: false,
    });
    if (!opts.quiet && !opts.json) progress.print(`${file.display} -> ${relativeDisplay(target.markdown)}`);
  }
  return refused;
}

/** The message for an output that would replace an input of the same run. */
function notOverInput(path: string): string {
  return `it would overwrite ${relativeDisplay(path)}, an input of this run; name another output with -o`;
}

/** The image's bytes with the diagram's source embedded (SVG metadata, PNG text chunk; not PDF). */
function withSource(
  format: OutputFormat,
  image: { svg: string; data: Uint8Array },
  text: string,
): Uint8Array {
  if (format === 'svg') return Buffer.from(embedSourceInSvg(image.svg, text));
  if (format === 'png') return embedSourceInPng(image.data, text);
  return image.data;
}

function relativeDisplay(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** --watch: re-exports a file when it changes (and new diagram files in watched folders), until interrupted. */
async function watchAndExport(engine: Engine, opts: Options, files: InputFile[]): Promise<number> {
  const byPath = new Map(files.filter((f) => f.path !== '-').map((f) => [f.path, f]));
  // Watch folders, not files: editors save by renaming a new file over the old one.
  const roots = new Map<string, boolean>();
  for (const arg of opts.inputs) {
    if (arg === '-') continue;
    const abs = resolve(arg);
    if (byPath.has(abs)) roots.set(dirname(abs), roots.get(dirname(abs)) ?? false);
    else roots.set(files.find((f) => f.path.startsWith(abs))?.base ?? abs, true);
  }
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const onChange = (root: string, discover: boolean, name: string | null) => {
    if (!name) return;
    const path = join(root, name);
    let input = byPath.get(path);
    if (!input && discover && /\.(mmd|mermaid)$/i.test(path)) {
      input = { path, display: relativeDisplay(path), base: root, markdown: false };
      byPath.set(path, input);
    }
    if (!input) return;
    const file = input;
    clearTimeout(pending.get(path));
    // Editors write a file in several steps; wait for them to settle.
    pending.set(
      path,
      setTimeout(() => {
        pending.delete(path);
        exportOnce(engine, opts, [file], []).catch((e: Error) =>
          process.stderr.write(`merrow export: ${e.message}\n`),
        );
      }, 80),
    );
  };
  const watchers = [...roots].map(([root, discover]) =>
    watch(root, { recursive: discover }, (_event, name) =>
      onChange(root, discover, name ? String(name) : null),
    ),
  );
  if (!opts.quiet) process.stderr.write('watching for changes; press Ctrl+C to stop\n');
  await new Promise<void>((res) => {
    process.once('SIGINT', res);
    process.once('SIGTERM', res);
  });
  for (const w of watchers) w.close();
  return 0;
}
