import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import {
  mergeConfigs,
  PROJECT_CONFIG_FILE,
  parseConfigJson,
  svgLabelsSetting,
} from '../../shared/mermaid/config.ts';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import { extractMermaidBlocks } from '../../shared/mermaid/markdown.ts';
import type { MermaidConfig, SvgLabels } from '../../shared/mermaid/render-types.ts';
import { decodeUtf8, type NotUtf8 } from '../../shared/text/utf8.ts';
import { findFiles, problem } from './find-files.ts';

/** Extensions read as one Mermaid diagram each; Markdown files hold ```mermaid blocks. */
const DIAGRAM_EXT = /\.(mmd|mermaid)$/i;
const MARKDOWN_EXT = /\.(md|markdown)$/i;

/** An input file as found from the command line. */
export interface InputFile {
  /** Absolute path, or '-' for stdin. */
  path: string;
  /** The path as shown to the user (relative to the working folder when inside it). */
  display: string;
  /** The folder an output tree mirrors from: the folder or glob base the file was found under. */
  base: string;
  markdown: boolean;
}

/** One diagram to render or check: a whole `.mmd` file or one Markdown block. */
export interface DiagramSource {
  input: InputFile;
  text: string;
  /** Lines before the diagram in its file (the fence and text above it, for a Markdown block). */
  lineOffset: number;
  /** 1-based index of the block within a Markdown file; 0 for a diagram file. */
  block: number;
  config: MermaidConfig;
  /** How an SVG of it carries labels, as its project config (or --config) says. */
  labels: SvgLabels | undefined;
}

/** The result of expanding the command line: the files found, and one diagnostic per argument that matched nothing. */
export interface ExpandedInputs {
  files: InputFile[];
  problems: Diagnostic[];
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export interface ExpandOptions {
  /** Whether a folder also gives its Markdown files (`merrow check`); export keeps to diagram files. */
  markdownInFolders?: boolean;
}

/**
 * Expands files, folders (their `.mmd`/`.mermaid` files, recursively, and their Markdown files
 * with `markdownInFolders`) and globs, in the order given, without duplicates. Markdown is read
 * when named or matched by a glob.
 */
export async function expandInputs(args: string[], options: ExpandOptions = {}): Promise<ExpandedInputs> {
  const markdown = !!options.markdownInFolders;
  const { files, problems } = await findFiles(args, {
    inFolder: (name) => DIAGRAM_EXT.test(name) || (markdown && MARKDOWN_EXT.test(name)),
    inGlob: (path) => DIAGRAM_EXT.test(path) || MARKDOWN_EXT.test(path),
    emptyFolder: markdown
      ? 'no .mmd, .mermaid or Markdown files in this folder'
      : 'no .mmd or .mermaid files in this folder',
    emptyGlob: 'no diagram or Markdown files match this pattern',
    stdin: true,
  });
  return {
    files: files.map(({ path, base }) => ({
      path,
      display: path === '-' ? '<stdin>' : display(path),
      base,
      markdown: MARKDOWN_EXT.test(path),
    })),
    problems,
  };
}

export { problem };

/** Reads all of stdin, as bytes. */
export async function readStdinBytes(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads all of stdin as UTF-8 text (NotUtf8Error for other bytes). */
export async function readStdin(): Promise<string> {
  return utf8Text(await readStdinBytes());
}

/** Input bytes that are not UTF-8 text: where, in the user's terms. */
export class NotUtf8Error extends Error {
  readonly line: number;
  readonly column: number;
  constructor(at: NotUtf8) {
    super(at.message);
    this.name = 'NotUtf8Error';
    this.line = at.line;
    this.column = at.column;
  }
}

function utf8Text(bytes: Uint8Array): string {
  const read = decodeUtf8(bytes);
  if ('error' in read) throw new NotUtf8Error(read.error);
  return read.text;
}

/**
 * A file's text, or stdin's for `-`: its bytes must be UTF-8 (NotUtf8Error), as read in Latin-1
 * or UTF-16 its letters would come out as replacement characters, in the images too.
 */
export async function readText(path: string): Promise<string> {
  return path === '-' ? readStdin() : utf8Text(await readFile(path));
}

/** Finds and parses `merrow.config.json` upward from a folder, once per folder. */
export class ProjectConfigs {
  #cache = new Map<string, Promise<MermaidConfig | undefined>>();

  find(dir: string): Promise<MermaidConfig | undefined> {
    let found = this.#cache.get(dir);
    if (!found) {
      found = this.#read(dir);
      this.#cache.set(dir, found);
    }
    return found;
  }

  async #read(dir: string): Promise<MermaidConfig | undefined> {
    const file = join(dir, PROJECT_CONFIG_FILE);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return parseConfigJson(text, display(file));
    const parent = dirname(dir);
    return parent === dir ? undefined : this.find(parent);
  }
}

/** Config layers from the command line, lowest first; the project file sits between them. */
export interface ConfigLayers {
  /** `--config FILE`. */
  file?: MermaidConfig | undefined;
  /** `--theme` and other flags: explicit on this run, so above the project file. */
  flags?: MermaidConfig | undefined;
}

/**
 * Reads an input and splits it into diagrams with their merged config. Problems that need no
 * browser (unreadable file, broken project config) come back as diagnostics.
 */
export async function readDiagrams(
  input: InputFile,
  layers: ConfigLayers,
  projects: ProjectConfigs,
): Promise<{ diagrams: DiagramSource[]; problems: Diagnostic[] }> {
  let text: string;
  try {
    text = await readText(input.path);
  } catch (error) {
    if (error instanceof NotUtf8Error) {
      const { line, column, message } = error;
      return { diagrams: [], problems: [{ file: input.display, line, column, severity: 'error', message }] };
    }
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
    return { diagrams: [], problems: [problem(input.display, `cannot read the file: ${why}`)] };
  }
  let project: MermaidConfig | undefined;
  try {
    project =
      input.path === '-' ? await projects.find(process.cwd()) : await projects.find(dirname(input.path));
  } catch (error) {
    return { diagrams: [], problems: [problem(input.display, (error as Error).message)] };
  }
  // The project's setting wins over --config's, as for mermaid's own keys.
  let labels: SvgLabels | undefined;
  for (const [layer, name] of [
    [project, PROJECT_CONFIG_FILE],
    [layers.file, '--config'],
  ] as const) {
    try {
      labels ??= svgLabelsSetting(layer);
    } catch (error) {
      return { diagrams: [], problems: [problem(input.display, `${name}: ${(error as Error).message}`)] };
    }
  }
  const config = mergeConfigs(layers.file, project, layers.flags);
  if (!input.markdown)
    return { diagrams: [{ input, text, lineOffset: 0, block: 0, config, labels }], problems: [] };
  // A Markdown file without diagrams is not a mistake: a glob over docs matches many of them.
  const blocks = extractMermaidBlocks(text);
  return {
    diagrams: blocks.map((b, i) => ({
      input,
      text: b.code,
      lineOffset: b.line - 1,
      block: i + 1,
      config,
      labels,
    })),
    problems: [],
  };
}

/** Places a diagram's diagnostics in its file: the file name, and lines shifted by the block's offset. */
export function locate(diagnostics: Diagnostic[], source: DiagramSource): Diagnostic[] {
  return diagnostics.map((d) => ({
    ...d,
    file: source.input.path === '-' ? undefined : source.input.display,
    line: d.line + source.lineOffset,
    ...(d.endLine !== undefined ? { endLine: d.endLine + source.lineOffset } : {}),
  }));
}
