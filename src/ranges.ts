/**
 * Sorted integers written as runs: ([0, 1, 2, 5, 7, 8], ', ') -> "0-2, 5, 7-8". Block lists in
 * messages and Slurm array specs ("0-2,5") share it.
 */
export function compressRanges(sorted: readonly number[], separator: string): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(separator);
}
