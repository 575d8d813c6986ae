/** A mistake in the command line itself: the command says it and exits 2. */
export class UsageError extends Error {}
