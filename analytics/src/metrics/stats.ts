/** The p-quantile of sorted numbers, interpolated between neighbours; null for none. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/** The median of numbers in any order; null for none. */
export function median(xs: number[]): number | null {
  return percentile([...xs].sort((a, b) => a - b), 0.5);
}
