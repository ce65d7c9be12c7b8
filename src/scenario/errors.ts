/** Errors of scenario files: every problem of a file, each with its field path and position. */

import { FileError, formatIssue, shorten, type FileIssue } from '../io/errors.ts';

export { formatIssue };

/** One problem of a scenario file. `line` and `column` are 1-based, when known. */
export type ScenarioIssue = FileIssue;

/**
 * A scenario file that cannot be used. The message lists every issue, one per line, as
 * `FILE:LINE:COLUMN: PATH: MESSAGE`; it is meant to be printed as is, without a stack trace.
 */
export class ScenarioError extends FileError {
  constructor(issues: ScenarioIssue[]) {
    super(issues);
    this.name = 'ScenarioError';
  }
}

/** A field path as people write it: `presences[2].from`, `["odd key"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else out += `[${JSON.stringify(shorten(String(segment)))}]`;
  }
  return out;
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The candidates closest to `word` (case-insensitive), nearest first, at most `limit`, none more
 * than 2 edits further than the nearest; with `maxDistance`, only those within it.
 */
export function closestNames(
  word: string,
  candidates: readonly string[],
  limit = 3,
  maxDistance = Number.POSITIVE_INFINITY,
): string[] {
  // The edit distance costs length x length: a huge word (a 200 MB key) is near nothing.
  if (word.length > 200) return [];
  const lower = word.toLowerCase();
  return candidates
    .map((c) => {
      const other = c.toLowerCase();
      const contains = other.includes(lower) || lower.includes(other);
      return {
        c,
        d: contains ? Math.min(1, editDistance(lower, other)) : editDistance(lower, other),
      };
    })
    .filter((x) => x.d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .filter((x, _, all) => x.d <= (all[0]?.d ?? 0) + 2)
    .slice(0, limit)
    .map((x) => x.c);
}
