/**
 * The parse entry of the mermaid module's Node build (build/node-parser.ts builds it into the
 * renderer's output as `parser/parser.mjs`; `merrow check` loads it as an asset). Parsing needs no
 * layout, so the same parseMermaid, config and error mapping as the app and the engine page run
 * in Node, without a browser.
 */
import DOMPurify from 'dompurify';
import type { NodeParser } from '../../shared/mermaid/render-types.ts';
import { parseMermaid } from './parse.ts';
import { installTextOnlyPurifier } from './text-purifier.ts';

// Without a DOM, DOMPurify has no sanitize() at all, and mermaid's grammars sanitize labels as they
// parse. Parsing never shows a label, so a purifier that keeps every label as inert text will do.
if (!DOMPurify.isSupported) installTextOnlyPurifier(DOMPurify as unknown as Record<string, unknown>);

export const parse: NodeParser['parse'] = parseMermaid;
