/** The candidate `word` most likely mistyped, or null: a prefix of one, or within 2 edits of it. */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  if (word.length >= 3) {
    const prefixed = candidates.filter((c) => c.startsWith(word));
    if (prefixed.length === 1) return prefixed[0];
  }
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.floor(word.length / 2));
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d <= bestDistance && (best === null || d < bestDistance)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
