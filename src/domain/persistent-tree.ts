/**
 * A persistent (immutable, path-copying) AVL tree: every change returns a new root that shares
 * all untouched subtrees with the old one, in O(log n). The country's presences are kept in two of
 * them (src/domain/presence-list.ts), so a step that adds, ends or changes one presence costs
 * O(log n) however many are active, and two versions of the list compare in time proportional
 * to what differs between them (`diffTrees`), not to their size.
 *
 * Each node carries a small bit mask of its own (`bits`) and, per bit, whether any node of its
 * subtree has it (`any`), so the nodes with a bit are found without visiting the others.
 */

/** Keys are compared with `<` and `===`: numbers or strings. */
export type TreeKey = number | string;

export class TreeNode<K extends TreeKey, V> {
  readonly height: number;
  readonly size: number;
  /** The union of `bits` over the subtree. */
  readonly any: number;
  constructor(
    readonly key: K,
    readonly value: V,
    readonly bits: number,
    readonly left: TreeNode<K, V> | null,
    readonly right: TreeNode<K, V> | null,
  ) {
    const lh = left === null ? 0 : left.height;
    const rh = right === null ? 0 : right.height;
    this.height = (lh > rh ? lh : rh) + 1;
    this.size = (left === null ? 0 : left.size) + (right === null ? 0 : right.size) + 1;
    this.any = bits | (left === null ? 0 : left.any) | (right === null ? 0 : right.any);
  }
}

export type Tree<K extends TreeKey, V> = TreeNode<K, V> | null;

function heightOf<K extends TreeKey, V>(node: Tree<K, V>): number {
  return node === null ? 0 : node.height;
}

/** A node over `left` and `right` whose heights differ by at most 2, rebalanced. */
function balance<K extends TreeKey, V>(
  key: K,
  value: V,
  bits: number,
  left: Tree<K, V>,
  right: Tree<K, V>,
): TreeNode<K, V> {
  const lh = heightOf(left);
  const rh = heightOf(right);
  if (lh > rh + 1) {
    const l = left as TreeNode<K, V>;
    if (heightOf(l.left) >= heightOf(l.right)) {
      return new TreeNode(
        l.key,
        l.value,
        l.bits,
        l.left,
        new TreeNode(key, value, bits, l.right, right),
      );
    }
    const lr = l.right as TreeNode<K, V>;
    return new TreeNode(
      lr.key,
      lr.value,
      lr.bits,
      new TreeNode(l.key, l.value, l.bits, l.left, lr.left),
      new TreeNode(key, value, bits, lr.right, right),
    );
  }
  if (rh > lh + 1) {
    const r = right as TreeNode<K, V>;
    if (heightOf(r.right) >= heightOf(r.left)) {
      return new TreeNode(
        r.key,
        r.value,
        r.bits,
        new TreeNode(key, value, bits, left, r.left),
        r.right,
      );
    }
    const rl = r.left as TreeNode<K, V>;
    return new TreeNode(
      rl.key,
      rl.value,
      rl.bits,
      new TreeNode(key, value, bits, left, rl.left),
      new TreeNode(r.key, r.value, r.bits, rl.right, r.right),
    );
  }
  return new TreeNode(key, value, bits, left, right);
}

export function treeGet<K extends TreeKey, V>(root: Tree<K, V>, key: K): TreeNode<K, V> | null {
  let node = root;
  while (node !== null) {
    if (key === node.key) return node;
    node = key < node.key ? node.left : node.right;
  }
  return null;
}

/** The tree with `key` set to `value` (inserted, or replaced in place: same shape). */
export function treeSet<K extends TreeKey, V>(
  root: Tree<K, V>,
  key: K,
  value: V,
  bits: number,
): TreeNode<K, V> {
  if (root === null) return new TreeNode(key, value, bits, null, null);
  if (key === root.key) return new TreeNode(key, value, bits, root.left, root.right);
  if (key < root.key) {
    return balance(
      root.key,
      root.value,
      root.bits,
      treeSet(root.left, key, value, bits),
      root.right,
    );
  }
  return balance(root.key, root.value, root.bits, root.left, treeSet(root.right, key, value, bits));
}

function removeMin<K extends TreeKey, V>(
  node: TreeNode<K, V>,
): { min: TreeNode<K, V>; rest: Tree<K, V> } {
  if (node.left === null) return { min: node, rest: node.right };
  const { min, rest } = removeMin(node.left);
  return { min, rest: balance(node.key, node.value, node.bits, rest, node.right) };
}

/** The tree without `key` (the same root when it has none). */
export function treeRemove<K extends TreeKey, V>(root: Tree<K, V>, key: K): Tree<K, V> {
  if (root === null) return null;
  if (key === root.key) {
    if (root.left === null) return root.right;
    if (root.right === null) return root.left;
    const { min, rest } = removeMin(root.right);
    return balance(min.key, min.value, min.bits, root.left, rest);
  }
  if (key < root.key) {
    const left = treeRemove(root.left, key);
    return left === root.left ? root : balance(root.key, root.value, root.bits, left, root.right);
  }
  const right = treeRemove(root.right, key);
  return right === root.right ? root : balance(root.key, root.value, root.bits, root.left, right);
}

/** The values in key order, into `out`. */
export function treeValues<K extends TreeKey, V>(root: Tree<K, V>, out: V[] = []): V[] {
  if (root === null) return out;
  treeValues(root.left, out);
  out.push(root.value);
  return treeValues(root.right, out);
}

/** The nodes in key order, into `out`. */
export function treeCollect<K extends TreeKey, V>(
  root: Tree<K, V>,
  out: TreeNode<K, V>[] = [],
): TreeNode<K, V>[] {
  if (root === null) return out;
  treeCollect(root.left, out);
  out.push(root);
  return treeCollect(root.right, out);
}

/** The values of the nodes with `bit`, in key order: O(k log n) for k such nodes. */
export function treeValuesWith<K extends TreeKey, V>(
  root: Tree<K, V>,
  bit: number,
  out: V[] = [],
): V[] {
  if (root === null || (root.any & bit) === 0) return out;
  treeValuesWith(root.left, bit, out);
  if ((root.bits & bit) !== 0) out.push(root.value);
  treeValuesWith(root.right, bit, out);
  return out;
}

/** A tree of `entries` already in strictly increasing key order, balanced, in O(n). */
export function treeFromSorted<K extends TreeKey, V>(
  entries: readonly (readonly [K, V, number])[],
  from = 0,
  to = entries.length,
): Tree<K, V> {
  if (from >= to) return null;
  const mid = (from + to) >>> 1;
  const [key, value, bits] = entries[mid] as readonly [K, V, number];
  return new TreeNode(
    key,
    value,
    bits,
    treeFromSorted(entries, from, mid),
    treeFromSorted(entries, mid + 1, to),
  );
}

/** What a diff reports: a key only in the first tree, only in the second, or in both with values that differ. */
export interface TreeDiff<K extends TreeKey, V> {
  onlyBefore(node: TreeNode<K, V>): void;
  onlyAfter(node: TreeNode<K, V>): void;
  changed(before: TreeNode<K, V>, after: TreeNode<K, V>): void;
}

/**
 * Compares two trees in key order, skipping every subtree the two share (the same node object:
 * same keys, same values). Two versions of a tree derived from each other by k changes share all
 * but O(k log n) nodes, so this costs about that, not the size of the trees. Values are compared
 * by identity. Returns the number of items it looked at (the cost, for tests).
 */
export function diffTrees<K extends TreeKey, V>(
  before: Tree<K, V>,
  after: Tree<K, V>,
  report: TreeDiff<K, V>,
): number {
  if (before === after) return 0;
  let looked = 0;
  // Each side is a stack of pending items, leftmost on top: a whole subtree (`true`) or one node.
  const a: TreeNode<K, V>[] = [];
  const aWhole: boolean[] = [];
  const b: TreeNode<K, V>[] = [];
  const bWhole: boolean[] = [];
  if (before !== null) {
    a.push(before);
    aWhole.push(true);
  }
  if (after !== null) {
    b.push(after);
    bWhole.push(true);
  }
  const expand = (nodes: TreeNode<K, V>[], whole: boolean[]): void => {
    const node = nodes.pop() as TreeNode<K, V>;
    whole.pop();
    if (node.right !== null) {
      nodes.push(node.right);
      whole.push(true);
    }
    nodes.push(node);
    whole.push(false);
    if (node.left !== null) {
      nodes.push(node.left);
      whole.push(true);
    }
  };
  for (; ; looked++) {
    const i = a.length - 1;
    const j = b.length - 1;
    if (i < 0 && j < 0) return looked;
    if (j < 0) {
      if (aWhole[i]) expand(a, aWhole);
      else {
        report.onlyBefore(a.pop() as TreeNode<K, V>);
        aWhole.pop();
      }
      continue;
    }
    if (i < 0) {
      if (bWhole[j]) expand(b, bWhole);
      else {
        report.onlyAfter(b.pop() as TreeNode<K, V>);
        bWhole.pop();
      }
      continue;
    }
    const x = a[i] as TreeNode<K, V>;
    const y = b[j] as TreeNode<K, V>;
    const xWhole = aWhole[i] as boolean;
    const yWhole = bWhole[j] as boolean;
    if (xWhole && yWhole) {
      if (x === y) {
        a.pop();
        aWhole.pop();
        b.pop();
        bWhole.pop();
        continue;
      }
      // The taller one first (both when level), so that subtrees the two share meet as wholes.
      const xh = x.height;
      const yh = y.height;
      if (xh >= yh) expand(a, aWhole);
      if (yh >= xh) expand(b, bWhole);
      continue;
    }
    if (xWhole) {
      expand(a, aWhole);
      continue;
    }
    if (yWhole) {
      expand(b, bWhole);
      continue;
    }
    if (x.key === y.key) {
      if (x.value !== y.value) report.changed(x, y);
      a.pop();
      aWhole.pop();
      b.pop();
      bWhole.pop();
    } else if (x.key < y.key) {
      report.onlyBefore(x);
      a.pop();
      aWhole.pop();
    } else {
      report.onlyAfter(y);
      b.pop();
      bWhole.pop();
    }
  }
}
