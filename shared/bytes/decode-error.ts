/**
 * Bytes that cannot be decoded: damaged (`corrupt`), cut short (`truncated`), or decoding to more
 * than the caller allows (`too-large`, raised as soon as the output passes the limit, never after
 * decoding it all). `message` says what is wrong in a few words; callers name the file and carrier.
 */
export class DecodeError extends Error {
  readonly reason: 'corrupt' | 'truncated' | 'too-large';
  constructor(reason: DecodeError['reason'], message: string) {
    super(message);
    this.name = 'DecodeError';
    this.reason = reason;
  }
}

/** Whole mebibytes, for messages: 67108864 → "64 MB". */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
