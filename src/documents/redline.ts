/**
 * The redline between two versions of a policy draft: a word-level diff that keeps every character, so
 * the deleted and equal segments spell the old text and the inserted and equal segments the new one.
 *
 * Texts are split into tokens (runs of letters and digits, runs of whitespace, single punctuation marks),
 * and the shortest edit script between the token arrays is found with Myers' O((N+M)D) algorithm (E. W.
 * Myers, "An O(ND) difference algorithm and its variations", Algorithmica 1, 1986), the algorithm of GNU
 * diff and git. Shortest means fewest inserted plus deleted tokens, i.e. a longest common subsequence.
 * Memory grows with D² (one frontier per edit step), which is small for a draft's revisions; a complete
 * rewrite of a long document is refused by the caller's size limit rather than here.
 */

export type RedlineOp = "equal" | "insert" | "delete";

export interface RedlineSegment {
  readonly op: RedlineOp;
  readonly text: string;
}

const TOKEN = /\s+|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/** Words (with inner apostrophes), whitespace runs and single punctuation marks; they join back to `text`. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * The shortest edit script turning `a` into `b`, as segments of joined tokens. Within each changed stretch
 * the deletion comes before the insertion (a reader sees what went, then what came), and neighbouring
 * segments never share an op.
 */
export function diffTokens(a: readonly string[], b: readonly string[]): RedlineSegment[] {
  const ops = myers(a, b);
  return normalise(ops);
}

/** The redline of two texts (tokenised with `tokenize`). */
export function redline(before: string, after: string): RedlineSegment[] {
  return diffTokens(tokenize(before), tokenize(after));
}

/** The number of inserted plus deleted tokens of a script (what Myers minimises). */
export function editCount(segments: readonly RedlineSegment[]): number {
  let n = 0;
  for (const s of segments) if (s.op !== "equal") n += tokenize(s.text).length;
  return n;
}

/** The text a redline was made from (`side` "before") or to ("after"). */
export function applySide(segments: readonly RedlineSegment[], side: "before" | "after"): string {
  const skip: RedlineOp = side === "before" ? "insert" : "delete";
  return segments
    .filter((s) => s.op !== skip)
    .map((s) => s.text)
    .join("");
}

interface TokenOp {
  readonly op: RedlineOp;
  readonly token: string;
}

function myers(a: readonly string[], b: readonly string[]): TokenOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = max === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back from (n, m) through the saved frontiers; each step is one edit preceded by a diagonal run.
  const out: TokenOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const saved = trace[d] as Int32Array;
    const at = (k: number) => saved[k + d + 1] ?? 0;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: "equal", token: a[x - 1] as string });
      x--;
      y--;
    }
    if (d > 0) {
      if (down) out.push({ op: "insert", token: b[y - 1] as string });
      else out.push({ op: "delete", token: a[x - 1] as string });
      x = prevX;
      y = prevY;
    }
  }
  return out.reverse();
}

function normalise(ops: readonly TokenOp[]): RedlineSegment[] {
  const out: RedlineSegment[] = [];
  let del = "";
  let ins = "";
  let eq = "";
  const flushChange = () => {
    if (del) out.push({ op: "delete", text: del });
    if (ins) out.push({ op: "insert", text: ins });
    del = "";
    ins = "";
  };
  for (const o of ops) {
    if (o.op === "equal") {
      flushChange();
      eq += o.token;
      continue;
    }
    if (eq) out.push({ op: "equal", text: eq });
    eq = "";
    if (o.op === "delete") del += o.token;
    else ins += o.token;
  }
  flushChange();
  if (eq) out.push({ op: "equal", text: eq });
  return out;
}
