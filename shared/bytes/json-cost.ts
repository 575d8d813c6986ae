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
// Strings up to this long are searched by a loop, longer ones by a native search.
const SHORT_STRING = 32;
/** Deeper than any drawing: Excalidraw's elements nest a few levels. */
export const MAX_JSON_DEPTH = 1000;

// What the scan stops at outside strings: structure, and (strict) control characters JSON never has.
const STRUCTURE = 1;
const CONTROL = 2;
const KIND = new Uint8Array(128);
for (const c of '{}[],"') KIND[c.charCodeAt(0)] = STRUCTURE;
for (let c = 0; c < 32; c++) if (c !== 9 && c !== 10 && c !== 13) KIND[c] = CONTROL;

/** JSON text in pieces: UTF-8 bytes, UTF-16 code units, or a string. */
type Units = Uint8Array | Uint16Array | string;

/** Meters JSON text pushed in pieces; throws DecodeError `too-large` once past the limit. */
export class JsonCostMeter {
  readonly limit: number;
  readonly #strict: boolean;
  #cost = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;

  /**
   * `strict` also refuses (`corrupt`) a control character outside a string, which no JSON has:
   * for decompressed payloads, so that a bomb of zeros stops at its first byte. (A file's own
   * JSON is left to the parser, whose message names the line and column.)
   */
  constructor(limit: number, options: { strict?: boolean } = {}) {
    this.limit = limit;
    this.#strict = options.strict ?? false;
  }

  /** The estimate so far, in bytes. */
  get cost(): number {
    return this.#cost;
  }

  push(units: Units): void {
    let i = 0;
    while (i < units.length) {
      if (this.#inString) i = this.#skipString(units, i);
      else if (typeof units === 'string') {
        // The same loop twice, each over one type, so the engine compiles each for its type.
        for (; i < units.length; i++) {
          const c = units.charCodeAt(i);
          if (c < 128 && KIND[c] !== 0) break;
        }
        if (i < units.length) this.#structure(units.charCodeAt(i++));
      } else {
        for (; i < units.length; i++) {
          const c = units[i]!;
          if (c < 128 && KIND[c] !== 0) break;
        }
        if (i < units.length) this.#structure(units[i++]!);
      }
      if (this.#cost > this.limit) {
        throw new DecodeError('too-large', `would take over ${megabytes(this.limit)} of memory to read`);
      }
    }
  }

  #structure(c: number): void {
    if (c === QUOTE) this.#inString = true;
    else if (c === 44)
      this.#cost += VALUE; // ,
    else if (c === 123 || c === 91) {
      // { [
      this.#cost += CONTAINER;
      if (++this.#depth > MAX_JSON_DEPTH) {
        throw new DecodeError('too-large', `is nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
    } else if (c === 125 || c === 93)
      this.#depth--; // } ]
    else if (this.#strict) throw new DecodeError('corrupt', 'is not JSON');
  }

  /** From `i` inside a string: to just past its closing quote, or to the end of this piece. */
  #skipString(units: Units, i: number): number {
    if (this.#escaped) {
      this.#escaped = false;
      this.#cost++;
      return i + 1;
    }
    // A native search jumps over the contents (long strings are embedded images); most strings
    // are short keys and values, found sooner by a plain loop than by a call.
    const text = typeof units === 'string';
    let quote = -1;
    const near = Math.min(units.length, i + SHORT_STRING);
    if (text) {
      for (let k = i; k < near; k++) {
        if (units.charCodeAt(k) === QUOTE) {
          quote = k;
          break;
        }
      }
      if (quote < 0 && near < units.length) quote = units.indexOf('"', near);
    } else {
      for (let k = i; k < near; k++) {
        if (units[k] === QUOTE) {
          quote = k;
          break;
        }
      }
      if (quote < 0 && near < units.length) quote = units.indexOf(QUOTE, near);
    }
    const end = quote < 0 ? units.length : quote;
    // Backslashes just before the quote (or the end) escape it when there is an odd number.
    let slashes = 0;
    while (
      end - slashes - 1 >= i &&
      (text ? units.charCodeAt(end - slashes - 1) : units[end - slashes - 1]) === BACKSLASH
    ) {
      slashes++;
    }
    this.#cost += end - i;
    if (quote < 0) {
      this.#escaped = slashes % 2 === 1;
      return end;
    }
    this.#cost++;
    if (slashes % 2 === 0) this.#inString = false;
    return quote + 1;
  }
}
