/** External clustering scores against gold labels: NMI (arithmetic normalisation), ARI, and accuracy under the best one-to-one mapping. */

function contingency(pred: ArrayLike<number>, gold: ArrayLike<number>) {
  if (pred.length !== gold.length) throw new Error('pred and gold differ in length');
  const pIds = new Map<number, number>();
  const gIds = new Map<number, number>();
  const pi = Array.from(pred, (p) => (pIds.has(p) ? pIds.get(p)! : (pIds.set(p, pIds.size), pIds.size - 1)));
  const gi = Array.from(gold, (g) => (gIds.has(g) ? gIds.get(g)! : (gIds.set(g, gIds.size), gIds.size - 1)));
  const table = Array.from({ length: pIds.size }, () => new Float64Array(gIds.size));
  for (let i = 0; i < pi.length; i++) table[pi[i]][gi[i]]++;
  return table;
}

function entropy(counts: number[], n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

export function nmi(pred: ArrayLike<number>, gold: ArrayLike<number>): number {
  const table = contingency(pred, gold);
  const n = pred.length;
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = Array.from({ length: table[0]?.length ?? 0 }, (_, j) => table.reduce((a, r) => a + r[j], 0));
  let mi = 0;
  table.forEach((r, i) => r.forEach((c, j) => {
    if (c > 0) mi += (c / n) * Math.log((c * n) / (rows[i] * cols[j]));
  }));
  const hp = entropy(rows, n);
  const hg = entropy(cols, n);
  if (hp === 0 && hg === 0) return 1;
  return (2 * mi) / (hp + hg);
}

export function ari(pred: ArrayLike<number>, gold: ArrayLike<number>): number {
  const table = contingency(pred, gold);
  const n = pred.length;
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const r of table) for (const c of r) index += c2(c);
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = Array.from({ length: table[0]?.length ?? 0 }, (_, j) => table.reduce((a, r) => a + r[j], 0));
  const a = rows.reduce((s, x) => s + c2(x), 0);
  const b = cols.reduce((s, x) => s + c2(x), 0);
  const expected = (a * b) / c2(n);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Hungarian algorithm (Jonker–Volgenant form) on a square cost matrix; returns the column assigned to each row. */
export function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j] > 0) assignment[p[j] - 1] = j - 1;
  return assignment;
}

/** Share of items whose cluster maps to their gold label under the best one-to-one mapping of clusters to labels. */
export function clusteringAccuracy(pred: ArrayLike<number>, gold: ArrayLike<number>): number {
  const table = contingency(pred, gold);
  const size = Math.max(table.length, table[0]?.length ?? 0);
  const max = table.reduce((m, r) => Math.max(m, ...r), 0);
  const cost = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => max - (table[i]?.[j] ?? 0)));
  const assignment = hungarian(cost);
  let hits = 0;
  assignment.forEach((j, i) => (hits += table[i]?.[j] ?? 0));
  return hits / pred.length;
}
