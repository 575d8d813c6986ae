import { escapeControl } from '../../shared/text/escape.ts';

/**
 * Progress of a batch on stderr: a bar redrawn in place on a terminal, plain lines otherwise
 * (CI logs), nothing with --quiet. Messages printed through it do not tear the bar, and the
 * control characters they quote (a file name can hold any) are escaped.
 */
export class Progress {
  #total: number;
  #done = 0;
  #bar: boolean;
  #quiet: boolean;
  #drawn = false;

  constructor(total: number, options: { quiet: boolean; stream?: NodeJS.WriteStream }) {
    this.#total = total;
    this.#quiet = options.quiet;
    this.#bar = !options.quiet && !!(options.stream ?? process.stderr).isTTY && total > 1;
  }

  /** One item finished; `line` is shown as a plain line when there is no bar. */
  step(line: string): void {
    this.#done++;
    if (this.#bar) this.#draw(line);
    else if (!this.#quiet) process.stderr.write(`${escapeControl(line)}\n`);
  }

  /** Prints a message (an error) above the bar; shown even with --quiet. */
  print(message: string): void {
    if (this.#drawn) process.stderr.write('\r\x1b[K');
    process.stderr.write(`${escapeControl(message, { keepNewlines: true })}\n`);
    if (this.#drawn) this.#draw('');
  }

  end(): void {
    if (this.#drawn) process.stderr.write('\r\x1b[K');
    this.#drawn = false;
  }

  #draw(label: string): void {
    const width = 30;
    const filled = Math.round((this.#done / this.#total) * width);
    const columns = process.stderr.columns ?? 80;
    const text = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.#done}/${this.#total} ${escapeControl(label)}`;
    process.stderr.write(`\r\x1b[K${text.slice(0, columns - 1)}`);
    this.#drawn = true;
  }
}
