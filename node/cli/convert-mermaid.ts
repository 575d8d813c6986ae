/**
 * The Mermaid → Excalidraw half of `merrow convert`: diagrams are converted in the render
 * engine's browser page (started only when a batch holds a diagram) and written as
 * `.excalidraw` scenes.
 */
import { open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MAX_INPUT_BYTES } from '../../shared/excalidraw/carriers.ts';
import type { ExcalidrawConversion } from '../../shared/excalidraw/from-skeleton.ts';
import { mergeConfigs } from '../../shared/mermaid/config.ts';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import { createEngine, type Engine } from '../engine/index.ts';
import { NotUtf8Error, ProjectConfigs, readText } from './diagram-inputs.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

/**
 * Whether a file is Mermaid text rather than one of the Excalidraw carriers (JSON, an SVG or PNG
 * export, an Obsidian note); decided by content, so a diagram saved under any name converts.
 */
export function isMermaidText(bytes: Uint8Array): boolean {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return false;
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  if (/^\s*[[{<]/.test(text)) return false;
  // Obsidian Excalidraw notes: the plugin's frontmatter key, or a Drawing section with the scene.
  if (/^excalidraw-plugin:/m.test(text)) return false;
  if (/^#{1,2} Drawing\s*$/m.test(text) && /```(compressed-)?json/.test(text)) return false;
  return true;
}

/** Reads the start of a file, enough to tell Mermaid text from an Excalidraw carrier. */
export async function isMermaidFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return isMermaidText(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The diagnostics of a diagram that could not be converted, located in its file. */
export class MermaidConvertError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics[0]?.message ?? 'cannot convert the diagram');
    this.diagnostics = diagnostics;
  }
}

/** Converts Mermaid files to Excalidraw scenes with one engine, opened on first use. */
export class MermaidToExcalidraw {
  #engine: Engine | undefined;
  readonly #browser: string | undefined;
  readonly #projects = new ProjectConfigs();

  constructor(browser: string | undefined) {
    this.#browser = browser;
  }

  /**
   * Converts one file; the engine converts several at once, so callers start every file
   * first and await them in order. Resolves to the scene's JSON text.
   */
  async convert(
    path: string,
  ): Promise<{ json: string; warnings: string[]; diagramType: string; editable: boolean }> {
    this.#engine ??= createEngine({ browser: this.#browser });
    if ((await stat(path)).size > MAX_INPUT_BYTES) {
      throw new MermaidConvertError([
        {
          line: 1,
          column: 1,
          severity: 'error',
          message: `file is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`,
        },
      ]);
    }
    let text: string;
    try {
      text = await readText(path);
    } catch (error) {
      if (!(error instanceof NotUtf8Error)) throw error;
      const { line, column, message } = error;
      throw new MermaidConvertError([{ line, column, severity: 'error', message }]);
    }
    let config: MermaidConfig;
    try {
      config = mergeConfigs(await this.#projects.find(dirname(path)));
    } catch (error) {
      throw new MermaidConvertError([
        { line: 1, column: 1, severity: 'error', message: (error as Error).message },
      ]);
    }
    const out: ExcalidrawConversion = await this.#engine.toExcalidraw({ text, config });
    if (!out.ok) throw new MermaidConvertError(out.diagnostics);
    const warnings = [...out.warnings];
    if (!out.editable) {
      warnings.push(`${out.diagramType} diagrams cannot be edited as shapes; embedded as an image`);
    }
    const { diagramType, editable } = out;
    return { json: `${JSON.stringify(out.scene, null, 2)}\n`, warnings, diagramType, editable };
  }

  async close(): Promise<void> {
    await this.#engine?.close();
  }
}
