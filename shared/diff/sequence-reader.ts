/**
 * A small, tolerant reader of Mermaid sequence diagrams: participants and messages, with each
 * message numbered as Mermaid numbers it in the rendered SVG (`data-id="i<n>"`). Mermaid counts
 * every entry of its message list — notes, activations, block starts, `else`s and `end`s too —
 * so those are counted here, though only messages are returned. Never throws.
 */

export interface SequenceParticipant {
  id: string;
  label: string;
  /** `participant`, `actor`, or the `@{ "type": … }` of newer syntax. */
  type: string;
  line: number;
}

export interface SequenceMessage {
  /** `i<n>`: the `data-id` of the message's line in the rendered SVG. */
  id: string;
  from: string;
  to: string;
  arrow: string;
  text: string;
  line: number;
}

export interface Sequence {
  participants: Map<string, SequenceParticipant>;
  messages: SequenceMessage[];
}

const ARROWS = '<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\\)|-\\)';
// Participant names cannot hold `-`, `<`, `>`, `:`, `,` or `;` (Mermaid's ACTOR token).
const MESSAGE = new RegExp(
  `^([^-<>:,;+\\s][^-<>:,;]*?)\\s*(${ARROWS})\\s*([+-]?)\\s*([^-<>:,;+][^-<>:,;]*?)\\s*:(.*)$`,
);
const PARTICIPANT = /^(?:create\s+)?(participant|actor)\s+([^\s@]+?)\s*(?:@\{(.*)\}\s*)?(?:\s+as\s+(.*))?$/;
const BLOCK_START = /^(loop|alt|opt|par|par_over|critical|break|rect)\b/;
const BLOCK_MIDDLE = /^(else|and|option)\b/;
const ONE_ENTRY = /^(note\s|activate\s|deactivate\s|autonumber\b)/i;

/** Reads a `sequenceDiagram`; null when the text is another diagram type. */
export function readSequence(text: string): Sequence | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const participants = new Map<string, SequenceParticipant>();
  const messages: SequenceMessage[] = [];
  const blocks: ('box' | 'block')[] = [];
  let entries = 0;
  let headerSeen = false;
  let inFrontmatter = false;

  const participant = (id: string, line: number, label = id, type = 'participant') => {
    const existing = participants.get(id);
    if (!existing) participants.set(id, { id, label, type, line });
    else if (label !== id || type !== 'participant') Object.assign(existing, { label, type, line });
  };

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (n === 0 && line === '---') {
      inFrontmatter = true;
      continue;
    }
    if (inFrontmatter) {
      inFrontmatter = line !== '---';
      continue;
    }
    if (!line || line.startsWith('%%')) continue;
    if (!headerSeen) {
      if (!/^sequenceDiagram\b/.test(line)) return null;
      headerSeen = true;
      continue;
    }
    const declared = PARTICIPANT.exec(line);
    const message = MESSAGE.exec(line);
    if (declared) {
      const type = /"?type"?\s*:\s*"?(\w+)/.exec(declared[3] ?? '')?.[1] ?? declared[1]!;
      participant(declared[2]!, n + 1, declared[4]?.trim() || declared[2]!, type);
    } else if (/^box\b/.test(line)) {
      blocks.push('box');
    } else if (/^end\b/.test(line)) {
      if (blocks.pop() === 'block') entries++;
    } else if (BLOCK_START.test(line)) {
      blocks.push('block');
      entries++;
    } else if (BLOCK_MIDDLE.test(line) || ONE_ENTRY.test(line)) {
      entries++;
    } else if (message) {
      const [, from = '', arrow = '', activation, to = '', said = ''] = message;
      participant(from, n + 1);
      participant(to, n + 1);
      messages.push({ id: `i${entries}`, from, to, arrow, text: said.trim(), line: n + 1 });
      // `A->>+B` / `A->>-B` adds an activation entry right after the message.
      entries += activation ? 2 : 1;
    }
  }
  return headerSeen ? { participants, messages } : null;
}
