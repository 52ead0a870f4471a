/**
 * The error family of nnft. Every bad input is reported by one of these, thrown at the API
 * boundary before any work starts, naming the offending field and its value.
 *
 * @example
 * ```ts
 * try { validateWidth(-3); } catch (e) { if (e instanceof NnftInputError) console.log(e.field); }
 * // logs 'width'
 * ```
 */
export class NnftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Describe a value for an error message: strings quoted, numbers as written, objects as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  try {
    const s = JSON.stringify(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * An argument of the public API (or a CLI flag) is of the wrong kind or out of range.
 * `field` names the argument (e.g. `width`, `points[3]`), `value` is what was given.
 */
export class NnftInputError extends NnftError {
  readonly field: string;
  readonly value: unknown;
  constructor(field: string, value: unknown, requirement: string) {
    super(`invalid argument. \`${field}\` ${requirement}. Value: \`${describeValue(value)}\`.`);
    this.field = field;
    this.value = value;
  }
}

/** A saved accumulator (a `.nnft` file) is corrupt, truncated, or does not match the run it is merged with. */
export class NnftFileError extends NnftError {
  readonly field: string;
  readonly value: unknown;
  constructor(field: string, value: unknown, problem: string) {
    super(`${problem} (\`${field}\`: \`${describeValue(value)}\`)`);
    this.field = field;
    this.value = value;
  }
}

/** A run was cancelled through its AbortSignal. Completed work is kept in `partial`, when available. */
export class NnftAbortError extends NnftError {
  readonly partial: unknown;
  constructor(message: string, partial?: unknown) {
    super(message);
    this.partial = partial;
  }
}

/**
 * A run failed after its retries (a task kept failing). Completed blocks are kept in `partial`, an
 * Accumulator that can be saved and merged with a later run of the missing blocks.
 */
export class NnftRunError extends NnftError {
  readonly partial: unknown;
  readonly cause: unknown;
  constructor(message: string, partial: unknown, cause: unknown) {
    super(message);
    this.partial = partial;
    this.cause = cause;
  }
}

/**
 * Saved accumulators do not add up to one whole run: some blocks are in two of the files
 * (`duplicates`), or some are in none (`missing`; refused unless a partial result was asked for).
 */
export class NnftMergeError extends NnftFileError {
  readonly missing: readonly number[];
  readonly duplicates: readonly number[];
  constructor(problem: string, missing: readonly number[], duplicates: readonly number[]) {
    super(duplicates.length > 0 ? 'duplicates' : 'missing', duplicates.length > 0 ? duplicates : missing, problem);
    this.missing = missing;
    this.duplicates = duplicates;
  }
}

/**
 * A batch scheduler command (sbatch, scancel, ...) is missing, does not answer, or refused: `command`
 * is what was run, `exitCode` its status (null if it never ran or was killed), `stderr` what it said.
 */
export class NnftSchedulerError extends NnftError {
  readonly command: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(message: string, command: readonly string[], exitCode: number | null, stderr = '') {
    super(message);
    this.command = command;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}
