/**
 * Unified diffs of whole files, for `--dry-run`: Myers' shortest edit script
 * over lines (after trimming the common head and tail), printed like `diff -u`.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

/** Myers' O((N+M)·D) algorithm: the shortest list of keeps, deletions and insertions turning `a` into `b`. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const x0 = a.slice(head, a.length - tail);
  const y0 = b.slice(head, b.length - tail);
  const middle = myers(x0, y0);
  return [
    ...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })),
    ...middle,
    ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line })),
  ];
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ kind: '+', line }));
  if (m === 0) return a.map((line) => ({ kind: '-', line }));
  const max = n + m;
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))) {
        x = v[offset + k + 1] as number;
      } else {
        x = (v[offset + k - 1] as number) + 1;
      }
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Walk back through the saved frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d > 0; d--) {
    const frontier = trace[d] as Int32Array;
    const k = x - y;
    const down =
      k === -d || (k !== d && (frontier[offset + k - 1] as number) < (frontier[offset + k + 1] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevX = frontier[offset + prevK] as number;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1] as string });
      x--;
      y--;
    }
    if (down) ops.push({ kind: '+', line: b[y - 1] as string });
    else ops.push({ kind: '-', line: a[x - 1] as string });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[x - 1] as string });
    x--;
    y--;
  }
  return ops.reverse();
}

/**
 * `diff -u` of two versions of a file; `null` stands for "does not exist"
 * (labelled /dev/null). Empty when nothing differs.
 */
export function unifiedDiff(
  before: string | null,
  after: string | null,
  labels: { before: string; after: string },
  context = 3,
): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const ops = editScript(a.lines, b.lines);
  // Mark the last line of each side when it lacks a final newline.
  const lastA = a.lines.length - 1;
  const lastB = b.lines.length - 1;
  let ia = 0;
  let ib = 0;
  const rows: { op: Op; ia: number; ib: number; noEolA: boolean; noEolB: boolean }[] = [];
  for (const op of ops) {
    const row = {
      op,
      ia,
      ib,
      noEolA: op.kind !== '+' && ia === lastA && !a.finalNewline,
      noEolB: op.kind !== '-' && ib === lastB && !b.finalNewline,
    };
    // A kept last line whose newline changed is a deletion plus an insertion.
    if (op.kind === ' ' && row.noEolA !== row.noEolB) {
      rows.push({ op: { kind: '-', line: op.line }, ia, ib, noEolA: row.noEolA, noEolB: false });
      rows.push({ op: { kind: '+', line: op.line }, ia: ia + 1, ib, noEolA: false, noEolB: row.noEolB });
    } else rows.push(row);
    if (op.kind !== '+') ia++;
    if (op.kind !== '-') ib++;
  }
  const out = [
    `--- ${before === null ? '/dev/null' : labels.before}`,
    `+++ ${after === null ? '/dev/null' : labels.after}`,
  ];
  let i = 0;
  while (i < rows.length) {
    if ((rows[i] as (typeof rows)[number]).op.kind === ' ') {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change close enough.
    const start = Math.max(0, i - context);
    let end = i;
    let lastChange = i;
    while (end < rows.length) {
      if ((rows[end] as (typeof rows)[number]).op.kind !== ' ') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    end = Math.min(rows.length, lastChange + context + 1);
    const hunk = rows.slice(start, end);
    const first = hunk[0] as (typeof rows)[number];
    const countA = hunk.filter((row) => row.op.kind !== '+').length;
    const countB = hunk.filter((row) => row.op.kind !== '-').length;
    const startA = countA === 0 ? first.ia : first.ia + 1;
    const startB = countB === 0 ? first.ib : first.ib + 1;
    out.push(`@@ -${startA},${countA} +${startB},${countB} @@`);
    for (const row of hunk) {
      out.push(`${row.op.kind}${row.op.line}`);
      if (
        (row.op.kind === '-' && row.noEolA) ||
        (row.op.kind === '+' && row.noEolB) ||
        (row.op.kind === ' ' && row.noEolA)
      ) {
        out.push('\\ No newline at end of file');
      }
    }
    i = end;
  }
  return `${out.join('\n')}\n`;
}
