import { useEffect, useRef } from 'react';

export interface Choice {
  value: string;
  label: string;
}

/** A question with a few answers; Escape or the backdrop dismisses it (null). */
export interface Question {
  title: string;
  detail?: string;
  /** Listed under the detail (the files a choice is about). */
  items?: string[];
  /** In order; the first is the default (Enter). */
  choices: Choice[];
}

/**
 * A modal question, as a native message box would ask it, in the page (the browser has none).
 * Enter gives the default answer unless another button has focus, Escape dismisses, Tab stays
 * among the buttons, and focus goes back where it was when the dialog goes.
 */
export function ChoiceDialog({
  question,
  onAnswer,
}: {
  question: Question;
  onAnswer: (value: string | null) => void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    first.current?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const buttons = [...(dialog.current?.querySelectorAll('button') ?? [])];
    if (e.key === 'Escape') onAnswer(null);
    else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement && buttons.includes(e.target)))
      onAnswer(question.choices[0]?.value ?? null);
    else if (e.key === 'Tab' && buttons.length > 0) {
      // Focus stays in the dialog: past the last button it comes round to the first, and back.
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = e.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : (at + 1) % buttons.length;
      buttons[next]?.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: clicking the backdrop dismisses the question
    <div className="palette-backdrop" onClick={() => onAnswer(null)} onKeyDown={onKeyDown}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: stops backdrop dismissal; the buttons take keys */}
      <div
        ref={dialog}
        className="choice-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="choice-dialog-title"
        aria-describedby={question.detail ? 'choice-dialog-detail' : undefined}
        data-testid="choice-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="choice-dialog-title">{question.title}</h2>
        {question.detail && <p id="choice-dialog-detail">{question.detail}</p>}
        {question.items && question.items.length > 0 && (
          <ul>
            {question.items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        )}
        <div className="choice-dialog-buttons">
          {question.choices.map((choice, i) => (
            <button
              key={choice.value}
              ref={i === 0 ? first : undefined}
              type="button"
              className={i === 0 ? 'primary' : ''}
              data-testid={`choice-${choice.value}`}
              onClick={() => onAnswer(choice.value)}
            >
              {choice.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
