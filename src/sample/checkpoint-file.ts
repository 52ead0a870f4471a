/**
 * The checkpoint file format: the accumulators of the runs of one job (a `sample` call, or the
 * sweep of an experiment), each under the key of its run, and the job's configuration.
 *
 * Layout: magic "NNFTCKP1"; u32 (little-endian) length L of the index; the index, L bytes of UTF-8
 * JSON `{ version, job, runs: [{ key, bytes }] }`; each run's accumulator (Accumulator.toBytes,
 * itself checksummed), `bytes` long, in index order; the SHA-256 of everything before it (32 bytes).
 */
import { createHash } from 'node:crypto';
import { describeValue, NnftFileError } from '../errors.js';
import { Accumulator, type RunHeader } from '../stats/accumulator.js';

const MAGIC = 'NNFTCKP1';
const ACCUMULATOR_MAGIC = 'NNFTACC1';
/** Version of the checkpoint layout. */
export const CHECKPOINT_VERSION = 1;
const DIGEST = 32;

/** The configuration of a job: plain JSON values, compared field by field on resume. */
export type JobConfig = Readonly<Record<string, unknown>>;

/** What a checkpoint holds. */
export interface CheckpointContents {
  readonly job: JobConfig;
  /** Accumulators by run key (see runKey). */
  readonly runs: ReadonlyMap<string, Accumulator>;
}

/**
 * The key of a run within a job: its whole configuration (every field of its header), so that the
 * runs of a sweep that share an ensemble but not, say, a seed are kept apart.
 */
export const runKey = (header: RunHeader): string => JSON.stringify(configFields(header));

/**
 * A run header as flat fields named as the options that set them: the ensemble's first, then the
 * run's, then those derived from them (so that a changed option is named, not its consequence).
 */
export function configFields(header: RunHeader): JobConfig {
  const { ensemble, seed, networks, orders, estimator, blocks, ...derived } = header;
  return { ...ensemble, seed, networks, orders, estimator, blocks, ...derived };
}

const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());

/**
 * The bytes of a checkpoint of `job` from the bytes of its runs' accumulators (Accumulator.toBytes)
 * by run key: a caller that keeps them re-encodes only the runs that changed.
 */
export function encodeCheckpoint(job: JobConfig, runs: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const parts = [...runs];
  const index = new TextEncoder().encode(
    JSON.stringify({ version: CHECKPOINT_VERSION, job, runs: parts.map(([key, bytes]) => ({ key, bytes: bytes.length })) }),
  );
  const body = 12 + index.length + parts.reduce((n, [, bytes]) => n + bytes.length, 0);
  const out = new Uint8Array(body + DIGEST);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, index.length, true);
  out.set(index, 12);
  let p = 12 + index.length;
  for (const [, bytes] of parts) {
    out.set(bytes, p);
    p += bytes.length;
  }
  out.set(sha256(out.subarray(0, body)), body);
  return out;
}

/** Reads a checkpoint; throws NnftFileError on anything corrupt, truncated or inconsistent. */
export function decodeCheckpoint(bytes: Uint8Array, source: string): CheckpointContents {
  const bad = (problem: string) => new NnftFileError('file', source, problem);
  if (bytes.length < 12 + DIGEST) throw bad('not an nnft checkpoint (too short: truncated or empty)');
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic === ACCUMULATOR_MAGIC) throw bad('is a saved accumulator (`nnft sample --save`), not a checkpoint');
  if (magic !== MAGIC) throw bad('not an nnft checkpoint (bad magic)');
  const body = bytes.length - DIGEST;
  const digest = sha256(bytes.subarray(0, body));
  if (!digest.every((b, i) => b === bytes[body + i])) throw bad('checkpoint is corrupt or truncated (checksum mismatch)');
  const indexLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + indexLength > body) throw bad('checkpoint index is truncated');
  let index: any;
  try {
    index = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + indexLength)));
  } catch {
    throw bad('checkpoint index is not valid JSON');
  }
  if (index?.version !== CHECKPOINT_VERSION) {
    throw new NnftFileError('version', index?.version, `checkpoint ${source} has an unsupported format version (this nnft reads ${CHECKPOINT_VERSION})`);
  }
  if (index.job === null || typeof index.job !== 'object' || !Array.isArray(index.runs)) throw bad('checkpoint index is incomplete');
  const runs = new Map<string, Accumulator>();
  let p = 12 + indexLength;
  for (const run of index.runs) {
    if (typeof run?.key !== 'string' || !Number.isInteger(run.bytes) || run.bytes < 0 || p + run.bytes > body) {
      throw bad('checkpoint index does not match its body');
    }
    const acc = Accumulator.fromBytes(bytes.subarray(p, p + run.bytes), source);
    if (runKey(acc.header) !== run.key || runs.has(run.key)) throw bad('checkpoint index does not match its body');
    runs.set(run.key, acc);
    p += run.bytes;
  }
  if (p !== body) throw bad('checkpoint body is longer than its index says');
  return { job: index.job as JobConfig, runs };
}

/**
 * Refuses a checkpoint written for another configuration: the first field whose value differs
 * (fields missing on either side included) is named in an NnftFileError whose value is this run's.
 */
export function checkSameConfig(want: JobConfig, found: JobConfig, source: string): void {
  for (const field of new Set([...Object.keys(want), ...Object.keys(found)])) {
    const a = JSON.stringify(want[field]);
    const b = JSON.stringify(found[field]);
    if (a !== b) {
      throw new NnftFileError(
        field,
        want[field],
        `checkpoint ${source} was written by a different configuration: its ${field} is ` +
          `${found[field] === undefined ? 'absent' : describeValue(found[field])}, this run's is ` +
          `${want[field] === undefined ? 'absent' : describeValue(want[field])}; resume with the same settings, or start a new checkpoint`,
      );
    }
  }
}
