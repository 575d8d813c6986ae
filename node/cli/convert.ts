import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPng } from '../../shared/bytes/png.ts';
import { MAX_INPUT_BYTES } from '../../shared/excalidraw/carriers.ts';
import { readExcalidraw } from '../../shared/excalidraw/read.ts';
import type { ConversionReport } from '../../shared/excalidraw/report.ts';
import { ExcalidrawReadError } from '../../shared/excalidraw/restore.ts';
import { sceneToMermaid } from '../../shared/excalidraw/to-mermaid.ts';
import { type Diagnostic, formatDiagnostic } from '../../shared/mermaid/diagnostic.ts';
import { EmbeddedSourceError, readSourceFromPng, readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { escapeControl } from '../../shared/text/escape.ts';
import { EngineUnavailableError } from '../engine/index.ts';
import { createPictureReader, type PictureReader, readPictureNames } from '../pictures/read-pictures.ts';
import { writeFileAtomic } from '../safe-write/atomic-write.ts';
import { isMermaidFile, MermaidConvertError, MermaidToExcalidraw } from './convert-mermaid.ts';
import { readStdinBytes } from './diagram-inputs.ts';
import { findFiles } from './find-files.ts';
import { UsageError } from './usage-error.ts';

export const HELP = `Usage: merrow convert [options] <files|folders|globs…>

Converts Excalidraw drawings to Mermaid flowcharts (.mmd), and Mermaid diagrams to Excalidraw
scenes (.excalidraw). An SVG or PNG exported by Merrow gives back its diagram's exact source
(.mmd). Each named file is read by its content, whatever carries the scene:
.excalidraw/.json scenes of any era, clipboard JSON, .excalidrawlib libraries (one diagram per
item), .excalidraw.svg and .excalidraw.png exports with the scene embedded, Obsidian
.excalidraw.md notes; anything else is read as Mermaid. Flowcharts, sequence, class, ER and
state diagrams become editable shapes, other diagram types an embedded image. Folders are
searched for those names and for .mmd and .mermaid files. Use - to read one drawing or diagram
from stdin (written to stdout unless -o is given).

Options:
  -o, --output FILE|DIR   output file (one input) or folder (mirrors the input tree);
                          default: beside each input; - for stdout
      --report FILE       write what was converted, guessed and dropped as JSON
      --hand-drawn        keep Excalidraw's sketchy look (look: handDrawn)
      --no-read-pictures  do not read the names printed in a drawing's icons (PNG and
                          JPEG pictures); by default they name the nodes they stand for
      --browser PATH      browser that converts Mermaid (default: as merrow export)
  -q, --quiet             print errors only
  -h, --help              show this help

Exit status: 0 all inputs converted, 1 some failed (the others are still written), 2 usage error.`;

interface Options {
  inputs: string[];
  output: string | undefined;
  report: string | undefined;
  handDrawn: boolean;
  readPictures: boolean;
  browser: string | undefined;
  quiet: boolean;
}

interface Input {
  path: string;
  /** As the user named it, for messages. */
  display: string;
  /** The folder the output tree mirrors from. */
  base: string;
}

interface Output {
  path: string;
  text: string;
}

interface FileReport {
  input: string;
  outputs: string[];
  carrier?: string;
  reports?: ConversionReport[];
  /** For a Mermaid input: its diagram type, and whether it became shapes or an image. */
  diagramType?: string;
  editable?: boolean;
  error?: string;
}

const EXCALIDRAW_EXT = /\.(excalidraw(\.(json|svg|png|md))?|excalidrawlib)$/i;
const MERMAID_EXT = /\.(mmd|mermaid)$/i;

function parseOptions(argv: string[]): Options | 'help' {
  let parsed: ReturnType<typeof parseConvertArgs>;
  try {
    parsed = parseConvertArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (positionals.length === 0) throw new UsageError('no input: name files, folders or globs');
  return {
    inputs: positionals,
    output: v.output,
    report: v.report,
    handDrawn: !!v['hand-drawn'],
    readPictures: !v['no-read-pictures'],
    browser: v.browser,
    quiet: !!v.quiet,
  };
}

function parseConvertArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      report: { type: 'string' },
      'hand-drawn': { type: 'boolean' },
      'no-read-pictures': { type: 'boolean' },
      browser: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** `merrow convert`: Excalidraw → Mermaid and Mermaid → Excalidraw for files, folders and globs. */
export async function run(argv: string[]): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`merrow convert: ${error.message}\n\nRun 'merrow convert --help' for usage.\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // `-`: one drawing or diagram on stdin, its conversion on stdout unless -o says otherwise. It is
  // staged in a private temp folder so that it is read by its content like any file.
  let stdinDir: string | undefined;
  if (opts.inputs.includes('-')) {
    if (opts.inputs.length > 1) {
      process.stderr.write(
        "merrow convert: - (stdin) is the only input of its run\n\nRun 'merrow convert --help' for usage.\n",
      );
      return 2;
    }
    const bytes = await readStdinBytes();
    stdinDir = await mkdtemp(join(tmpdir(), 'merrow-convert-'));
    const head = new TextDecoder().decode(bytes.subarray(0, 4096)).trimStart();
    // JSON, an SVG or PNG export, or an Obsidian note of the Excalidraw plugin: a drawing.
    const drawing = isPng(bytes) || /^[[{<]/.test(head) || /excalidraw-plugin|# Excalidraw Data/.test(head);
    const staged = join(stdinDir, drawing ? 'stdin.excalidraw' : 'stdin.mmd');
    await writeFile(staged, bytes);
    opts = { ...opts, inputs: [staged], output: opts.output ?? '-' };
  }
  try {
    return await convertAll(opts, stdinDir);
  } finally {
    if (stdinDir) await rm(stdinDir, { recursive: true, force: true });
  }
}

async function convertAll(opts: Options, stdinDir: string | undefined): Promise<number> {
  const { inputs: found, problems } = await expandInputs(opts.inputs);
  const inputs = stdinDir ? found.map((i) => ({ ...i, display: '<stdin>' })) : found;
  for (const p of problems) process.stderr.write(`${formatDiagnostic(p)}\n`);
  if (inputs.length === 0) return problems.length > 0 ? 1 : 0;
  const toDir = isDirectoryOutput(opts.output, inputs.length);
  if (opts.output && !toDir && inputs.length > 1) {
    process.stderr.write(
      `merrow convert: -o ${opts.output} names one file, but there are ${inputs.length} inputs\n`,
    );
    return 2;
  }

  const files: FileReport[] = [];
  let failed = problems.length > 0;
  const mermaid = new MermaidToExcalidraw(opts.browser);
  const pictures = opts.readPictures ? createPictureReader() : null;
  // Diagrams are all handed to the engine first, so that its pages convert them in parallel.
  const started = new Map<Input, Promise<Converted>>();
  for (const input of inputs) {
    // A file named as a drawing is one, even when broken: its error says what is wrong with it.
    if (EXCALIDRAW_EXT.test(input.path) || !(await isMermaidFile(input.path).catch(() => false))) continue;
    const job = toExcalidraw(input, opts, toDir, mermaid);
    job.catch(() => {});
    started.set(input, job);
  }
  const inputPaths = new Set(inputs.map((i) => i.path));
  let browserMissing = false;
  try {
    for (const input of inputs) {
      const entry: FileReport = { input: input.display, outputs: [] };
      files.push(entry);
      try {
        const converted = await (started.get(input) ?? toMermaid(input, opts, toDir, pictures));
        entry.carrier = converted.carrier;
        if (converted.reports) entry.reports = converted.reports;
        if (converted.diagramType) entry.diagramType = converted.diagramType;
        if (converted.editable !== undefined) entry.editable = converted.editable;
        if (!opts.quiet)
          for (const w of converted.warnings) {
            process.stderr.write(
              `${escapeControl(`${input.display}: warning: ${w}`, { keepNewlines: true })}\n`,
            );
          }
        // A folder holding a drawing and the diagram converted from it would otherwise swap them.
        const clash = converted.outputs.find((out) => inputPaths.has(out.path));
        if (clash) {
          throw new ExcalidrawReadError(
            `not converted: it would overwrite ${relative(process.cwd(), clash.path) || clash.path}, also an input; name an output folder with -o`,
          );
        }
        for (const out of converted.outputs) {
          if (out.path === '-') {
            process.stdout.write(out.text);
          } else {
            await mkdir(dirname(out.path), { recursive: true });
            await writeFileAtomic(out.path, out.text);
            if (!opts.quiet)
              process.stderr.write(
                `${escapeControl(`${input.display} → ${relative(process.cwd(), out.path) || out.path}`)}\n`,
              );
          }
          entry.outputs.push(out.path);
        }
      } catch (error) {
        failed = true;
        if (error instanceof EngineUnavailableError) {
          entry.error = error.message;
          if (!browserMissing) process.stderr.write(`merrow convert: ${error.message}\n`);
          browserMissing = true;
          continue;
        }
        const diagnostics =
          error instanceof MermaidConvertError
            ? error.diagnostics.map((d) => ({ ...d, file: input.display }))
            : [toDiagnostic(input.display, error)];
        entry.error = diagnostics[0]!.message;
        for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      }
    }
  } finally {
    await Promise.all([mermaid.close(), pictures?.close()]);
  }
  if (pictures?.unavailable && !opts.quiet)
    process.stderr.write(
      `merrow convert: warning: ${pictures.unavailable}; icons are named only by the words beside them (install tesseract.js and @tesseract.js-data/eng beside merrow to read them)\n`,
    );
  if (opts.report) {
    try {
      await writeFileAtomic(resolve(opts.report), `${JSON.stringify({ files }, null, 2)}\n`);
    } catch (error) {
      process.stderr.write(
        `${opts.report}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? error})\n`,
      );
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

function toDiagnostic(file: string, error: unknown): Diagnostic {
  if (error instanceof EmbeddedSourceError) {
    return { file, line: 1, column: 1, severity: 'error', message: error.message };
  }
  if (error instanceof ExcalidrawReadError) {
    return { file, line: error.line, column: error.column, severity: 'error', message: error.message };
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code)
    return { file, line: 1, column: 1, severity: 'error', message: `cannot read or write it (${code})` };
  // A bug in Merrow: report it against this file and go on with the batch.
  const message = error instanceof Error ? error.message : String(error);
  return {
    file,
    line: 1,
    column: 1,
    severity: 'error',
    message: `internal error while converting: ${message}`,
  };
}

interface Converted {
  outputs: Output[];
  carrier: string;
  warnings: string[];
  reports?: ConversionReport[];
  diagramType?: string;
  editable?: boolean;
}

async function toExcalidraw(
  input: Input,
  opts: Options,
  toDir: boolean,
  mermaid: MermaidToExcalidraw,
): Promise<Converted> {
  const { json, warnings, diagramType, editable } = await mermaid.convert(input.path);
  const name = `${basename(input.path, extname(input.path))}.excalidraw`;
  const outputs = [{ path: outputPath(input, name, opts.output, toDir, 1), text: json }];
  return { outputs, carrier: 'mermaid', warnings, diagramType, editable };
}

async function toMermaid(
  input: Input,
  opts: Options,
  toDir: boolean,
  pictures: PictureReader | null,
): Promise<Converted> {
  const info = await stat(input.path);
  if (info.size > MAX_INPUT_BYTES) {
    throw new ExcalidrawReadError(`file is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
  }
  const bytes = await readFile(input.path);
  const recovered = embeddedSource(bytes);
  if (recovered) return recoverSource(input, recovered, opts, toDir);
  const pictureNames = pictures ? await readPictureNames(bytes, pictures) : undefined;
  const doc = readExcalidraw(bytes, { pictureNames });
  const stem = basename(input.path)
    .replace(EXCALIDRAW_EXT, '')
    .replace(/\.json$/i, '');
  const outputs: Output[] = [];
  const reports: ConversionReport[] = [];
  const warnings: string[] = [];
  doc.scenes.forEach((scene, i) => {
    const { mermaid, report } = sceneToMermaid(scene, { handDrawn: opts.handDrawn });
    reports.push(report);
    warnings.push(...scene.repairs, ...report.warnings);
    // A library holds one drawing per item; each becomes its own diagram.
    const name = doc.scenes.length > 1 ? `${stem}-${i + 1}.mmd` : `${stem}.mmd`;
    outputs.push({ path: outputPath(input, name, opts.output, toDir, doc.scenes.length), text: mermaid });
  });
  if (opts.output === '-' && outputs.length > 1) {
    throw new ExcalidrawReadError(
      `-o - writes one diagram to stdout, but this library holds ${outputs.length}`,
    );
  }
  return { outputs, reports, carrier: doc.carrier, warnings };
}

/** The Mermaid source a Merrow export carries (see shared/mermaid/embed.ts), and which kind of image held it. */
function embeddedSource(bytes: Uint8Array): { text: string; carrier: string } | null {
  if (isPng(bytes)) {
    const text = readSourceFromPng(bytes);
    return text === null ? null : { text, carrier: 'merrow-png' };
  }
  const head = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart();
  if (!head.startsWith('<')) return null;
  const text = readSourceFromSvg(new TextDecoder().decode(bytes));
  return text === null ? null : { text, carrier: 'merrow-svg' };
}

async function recoverSource(
  input: Input,
  recovered: { text: string; carrier: string },
  opts: Options,
  toDir: boolean,
): Promise<Converted> {
  const name = `${basename(input.path)
    .replace(EXCALIDRAW_EXT, '')
    .replace(/\.(svg|png)$/i, '')}.mmd`;
  const path = outputPath(input, name, opts.output, toDir, 1);
  // Beside the image sits, most often, the diagram it was exported from: never overwrite edits made since.
  if (!opts.output) {
    const existing = await readFile(path, 'utf8').catch(() => undefined);
    if (existing !== undefined && existing !== recovered.text) {
      throw new ExcalidrawReadError(
        `not recovered: ${relative(process.cwd(), path) || path} exists and differs from the source in this image; name an output with -o`,
      );
    }
  }
  return { outputs: [{ path, text: recovered.text }], carrier: recovered.carrier, warnings: [] };
}

function isDirectoryOutput(output: string | undefined, inputCount: number): boolean {
  if (!output || output === '-') return false;
  if (/[\\/]$/.test(output)) return true;
  if (/\.(mmd|mermaid|excalidraw)$/i.test(output)) return false;
  return inputCount > 1 || !/\.[^\\/]+$/.test(output);
}

function outputPath(
  input: Input,
  name: string,
  output: string | undefined,
  toDir: boolean,
  scenes: number,
): string {
  if (!output) return join(dirname(input.path), name);
  if (output === '-') return '-';
  if (!toDir) {
    // -o FILE with a library: number the items beside the named file.
    return scenes > 1 ? join(dirname(resolve(output)), name) : resolve(output);
  }
  return join(resolve(output), relative(input.base, dirname(input.path)), name);
}

// Files named explicitly (or matched by a glob) are read whatever their name; a folder is
// searched by name.
async function expandInputs(args: string[]): Promise<{ inputs: Input[]; problems: Diagnostic[] }> {
  const { files, problems } = await findFiles(args, {
    inFolder: (name) => EXCALIDRAW_EXT.test(name) || MERMAID_EXT.test(name),
    inGlob: async (path) => (await stat(path).catch(() => undefined))?.isFile() ?? false,
    emptyFolder: 'no Excalidraw or Mermaid files in this folder',
    emptyGlob: 'no files match this pattern',
  });
  const inputs = files.map(({ path, base }) => ({
    path,
    display: relative(process.cwd(), path) || path,
    base,
  }));
  return { inputs, problems };
}
