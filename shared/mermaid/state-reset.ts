/**
 * The global array where mermaid's modules, as built by build/mermaid-state-reset.ts, register a
 * function that puts their page-long id counters back to their initial values.
 */
export const MERMAID_RESETS_GLOBAL = '__merrowResetMermaidState';

/** Puts every registered mermaid counter back, so that a render numbers its ids from the start. */
export function resetMermaidState(): void {
  const resets = (globalThis as Record<string, unknown>)[MERMAID_RESETS_GLOBAL] as (() => void)[] | undefined;
  for (const reset of resets ?? []) reset();
}
