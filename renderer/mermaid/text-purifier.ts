/**
 * DOMPurify's interface for where there is no DOM to sanitize with (mermaid's parsers in Node).
 *
 * Why no DOM library is needed: mermaid's grammars sanitize labels and some ids as they parse,
 * but a parse's outcome (valid or not, where, what message) depends on the tokens, not on the
 * sanitized text, except where sanitized ids are compared (gitGraph branches and commit ids); the
 * text itself matters only when it is drawn, which never happens here. A string without `<` comes
 * back unchanged, exactly as DOMPurify returns it (its own fast path); a string with markup comes
 * back as escaped text: safe whatever it holds, and distinct strings stay distinct, so ids compare
 * as they did. (Measured as alternatives: linkedom has no
 * `document.implementation`, so DOMPurify refuses it; happy-dom let `<script>` through; jsdom is
 * correct but costs more than a whole check to load.)
 */
import { HOOK_AND_CONFIG_METHODS } from './sanitize-cache.ts';

/** Escapes markup so that it reads as text. */
function asText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Gives an unsupported DOMPurify instance (no DOM) a text-only `sanitize` and no-op hooks. */
export function installTextOnlyPurifier(purify: Record<string, unknown>): void {
  for (const name of HOOK_AND_CONFIG_METHODS) purify[name] = () => undefined;
  purify.sanitize = (dirty: unknown) => {
    const text = String(dirty);
    return text.includes('<') ? asText(text) : text;
  };
}
