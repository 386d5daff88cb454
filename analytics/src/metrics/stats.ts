/** The p-quantile of sorted numbers, interpolated between neighbours; null for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/**
 * The median of numbers in any order (the mean of the two middle ones for an even count); null for none. Found by
 * selection, not sorting: linear on average, where the behaviour views take medians of tens of thousands of values.
 */
export function median(xs: ArrayLike<number>): number | null {
  if (xs.length === 0) return null;
  const a = Float64Array.from(xs);
  const mid = (a.length - 1) >> 1;
  const lo = select(a, mid);
  if (a.length % 2 === 1) return lo;
  // After selecting, everything right of `mid` is at least `lo`: the next value up is their least.
  let hi = Infinity;
  for (let i = mid + 1; i < a.length; i++) if (a[i] < hi) hi = a[i];
  return (lo + hi) / 2;
}

/** The k-th smallest of `a` (0-based), reordering `a` so that no value left of k is greater and none right of it smaller (Hoare's selection). */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (left < right) {
    const pivot = a[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}
