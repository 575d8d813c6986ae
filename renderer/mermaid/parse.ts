import mermaid from 'mermaid';
import { precheck } from '../../shared/mermaid/precheck.ts';
import type { ParseOutcome, RenderRequest } from '../../shared/mermaid/render-types.ts';
import { describeError } from './errors.ts';
import { applyConfig } from './setup.ts';

/**
 * Validates a diagram without laying it out (much cheaper than a render). It needs no layout, no
 * icons and no DOM of its own, so the CLI runs this same function in Node (see node-parser.ts).
 */
export async function parseMermaid(req: RenderRequest): Promise<ParseOutcome> {
  const early = precheck(req.text, req.config);
  if (early.length > 0) return { ok: false, diagnostics: early };
  applyConfig(req.config);
  try {
    const result = await mermaid.parse(req.text);
    return { ok: true, diagramType: result ? result.diagramType : 'unknown' };
  } catch (error) {
    const { diagnostics, internal } = describeError(error, req.text);
    return internal ? { ok: false, diagnostics, internal } : { ok: false, diagnostics };
  }
}
