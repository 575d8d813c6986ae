import { escapeControl } from '../text/escape.ts';

/** A problem in a user's file, located in the file's own lines (1-based line and column). */
export interface Diagnostic {
  /** Path as the user named it (CLI) or workspace-relative (app); absent for stdin or an unsaved buffer. */
  file?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: 'error' | 'warning';
  message: string;
  /** Mermaid's own message, when `message` says the problem in other words. */
  detail?: string;
}

/**
 * `file:line:col: message`, the form editors and CI logs link to; with `detail`, mermaid's own
 * message follows on an indented line (a line that no problem matcher takes for a problem).
 * Control characters from the input (a file name, a label quoted in a message) are escaped: they
 * could rewrite the terminal, and a line break in a file name could forge a line of its own.
 */
export function formatDiagnostic(d: Diagnostic, detail = false): string {
  const where = `${escapeControl(d.file ?? '<stdin>')}:${d.line}:${d.column}`;
  const more = detail && d.detail ? `\n    mermaid: ${escapeControl(d.detail)}` : '';
  return `${where}: ${d.severity === 'warning' ? 'warning: ' : ''}${escapeControl(d.message, { keepNewlines: true })}${more}`;
}

/** A GitHub Actions workflow command that annotates the file in a pull request (mermaid's message under it with `detail`). */
export function formatGithubAnnotation(d: Diagnostic, detail = false): string {
  const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProp = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = [`file=${escapeProp(d.file ?? 'stdin')}`, `line=${d.line}`, `col=${d.column}`];
  if (d.endLine) props.push(`endLine=${d.endLine}`);
  if (d.endColumn) props.push(`endColumn=${d.endColumn}`);
  const message = detail && d.detail ? `${d.message}\nmermaid: ${d.detail}` : d.message;
  return `::${d.severity} ${props.join(',')}::${escapeData(message)}`;
}
