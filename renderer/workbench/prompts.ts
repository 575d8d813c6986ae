import type { Choice, Question } from '../ui/choice-dialog.tsx';
import type { PaletteItem, PaletteRequest } from '../ui/palette.tsx';
import { Store } from './store.ts';
import type { UnsavedAnswer } from './workspace.ts';

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

  /**
   * Asks what to do with a file's unsaved edits before its tab closes, as VS Code does: Save (the
   * default, Enter), Don't Save, or Cancel (Escape, or a click beside the dialog).
   */
  async unsaved(path: string): Promise<UnsavedAnswer> {
    const answer = await this.ask({
      title: `Do you want to save the changes you made to ${path}?`,
      detail: "Your changes will be lost if you don't save them.",
      choices: [
        { value: 'save', label: 'Save' },
        { value: 'discard', label: "Don't Save" },
        { value: 'cancel', label: 'Cancel' },
      ],
    });
    return answer === 'save' || answer === 'discard' ? answer : 'cancel';
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
