import type { Choice, Question } from '../ui/choice-dialog.tsx';
import type { PaletteItem, PaletteRequest } from '../ui/palette.tsx';
import { Store } from './store.ts';

/**
 * The window's prompts, one at a time: the palette (commands, quick open, pickers, a name to type)
 * and questions with a few answers. Commands and features ask here; the shell shows them.
 */
export class Prompts {
  readonly palette = new Store<PaletteRequest | null>(null);
  readonly question = new Store<(Question & { answer(value: string | null): void }) | null>(null);

  /** Shows a list to pick from. */
  pick(placeholder: string, items: PaletteItem[]): void {
    this.palette.set({ kind: 'pick', placeholder, items });
  }

  /** Asks for a line of text, `value` filled in. */
  input(placeholder: string, value: string, submit: (value: string) => void): void {
    this.palette.set({ kind: 'input', placeholder, value, submit });
  }

  /** Asks a question; resolves with the chosen answer's value, or null when dismissed. */
  ask(question: Question): Promise<string | null> {
    this.question.get()?.answer(null);
    return new Promise((resolve) => {
      this.question.set({
        ...question,
        answer: (value) => {
          this.question.set(null);
          resolve(value);
        },
      });
    });
  }
}

export type { Choice, Question };
