/**
 * What a JSON text will cost in memory once parsed, metered before (or while) it is decoded.
 * JSON needs no compression to be a bomb: `[{},{},…]` turns 60 MB of text into 2 GB of objects,
 * and deep nesting costs as much. The meter reads the text once, allocating nothing, and stops as
 * soon as the estimate passes the limit. The estimate follows V8's sizes, measured: an object or
 * array about 96 bytes, each further value about 16, string contents a byte per character.
 */
import { DecodeError, megabytes } from './decode-error.ts';

const CONTAINER = 96;
const VALUE = 16;
const QUOTE = 34;
const BACKSLASH = 92;
/** Deeper than any drawing: Excalidraw's elements nest a few levels. */
export const MAX_JSON_DEPTH = 1000;

/** Meters JSON text pushed in pieces (UTF-8 bytes or UTF-16 code units); throws DecodeError `too-large`. */
export class JsonCostMeter {
  readonly limit: number;
  #cost = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** The estimate so far, in bytes. */
  get cost(): number {
    return this.#cost;
  }

  push(units: ArrayLike<number>): void {
    let cost = this.#cost;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    for (let i = 0; i < units.length; i++) {
      const c = units[i]!;
      if (inString) {
        cost++;
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === 44)
        cost += VALUE; // ,
      else if (c === 123 || c === 91) {
        // { [
        cost += CONTAINER;
        if (++depth > MAX_JSON_DEPTH) {
          throw new DecodeError('too-large', `is nested deeper than ${MAX_JSON_DEPTH} levels`);
        }
      } else if (c === 125 || c === 93) depth--; // } ]
      if (cost > this.limit) break;
    }
    this.#cost = cost;
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    if (cost > this.limit) {
      throw new DecodeError('too-large', `would take over ${megabytes(this.limit)} of memory to read`);
    }
  }

  /** Meters a whole string. */
  pushText(text: string): void {
    const units = new Uint16Array(Math.min(text.length, 1 << 16));
    for (let at = 0; at < text.length; at += units.length) {
      const n = Math.min(units.length, text.length - at);
      for (let i = 0; i < n; i++) units[i] = text.charCodeAt(at + i);
      this.push(n === units.length ? units : units.subarray(0, n));
    }
  }
}
