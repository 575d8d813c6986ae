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

/** A modal question, as a native message box would ask it, in the page (the browser has none). */
export function ChoiceDialog({
  question,
  onAnswer,
}: {
  question: Question;
  onAnswer: (value: string | null) => void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: clicking the backdrop dismisses the question
    <div
      className="palette-backdrop"
      onClick={() => onAnswer(null)}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onAnswer(null);
      }}
    >
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: stops backdrop dismissal; the buttons take keys */}
      <div
        className="choice-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="choice-dialog-title"
        data-testid="choice-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="choice-dialog-title">{question.title}</h2>
        {question.detail && <p>{question.detail}</p>}
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
