/**
 * An indexed binary min-heap of node indices with float keys, on typed arrays. Ordered by key, then by a rank given at
 * insertion (the node index unless said otherwise), so ties resolve the same way every run. `pos[v]` is -1 for a node
 * not in the heap.
 */
import { row } from '../../lib/row.ts';

/** A heap of nodes: `items[0 .. size)` in heap order, `pos[v]` each node's slot, `key[v]` and `rank[v]` its order. */
export interface NodeHeap {
  items: Int32Array;
  pos: Int32Array;
  key: Float64Array;
  rank: Int32Array;
  size: number;
}

/** Returns an empty heap with room for no nodes (grow it with reserveHeap). */
export function createNodeHeap(): NodeHeap {
  return row({
    items: new Int32Array(0),
    pos: new Int32Array(0),
    key: new Float64Array(0),
    rank: new Int32Array(0),
    size: 0,
  });
}

/** Empties `h` and makes room for nodes 0 .. n-1. */
export function resetHeap(h: NodeHeap, n: number): void {
  if (h.pos.length < n) {
    const m = Math.max(n, 2 * h.pos.length);
    h.items = new Int32Array(m);
    h.pos = new Int32Array(m).fill(-1);
    h.key = new Float64Array(m);
    h.rank = new Int32Array(m);
  } else {
    for (let i = 0; i < h.size; i++) h.pos[h.items[i]!] = -1;
  }
  h.size = 0;
}

/** Inserts node `v` with `key`, or lowers its key when it is already queued with a larger one. */
export function pushOrLower(h: NodeHeap, v: number, key: number): void {
  const i = h.pos[v]!;
  if (i < 0) {
    h.key[v] = key;
    h.rank[v] = v;
    siftUp(h, h.size++, v);
  } else if (key < h.key[v]!) {
    h.key[v] = key;
    siftUp(h, i, v);
  }
}

/** Inserts node `v` with `key` and tie-break `rank`, or moves it to `key` in either direction. */
export function setKey(h: NodeHeap, v: number, key: number, rank: number): void {
  const i = h.pos[v]!;
  h.rank[v] = rank;
  if (i < 0) {
    h.key[v] = key;
    siftUp(h, h.size++, v);
    return;
  }
  const old = h.key[v]!;
  h.key[v] = key;
  if (key < old) siftUp(h, i, v);
  else if (key > old) siftDown(h, i, v);
}

/** Removes node `v` if it is queued. */
export function removeNode(h: NodeHeap, v: number): void {
  const i = h.pos[v]!;
  if (i < 0) return;
  h.pos[v] = -1;
  const last = h.items[--h.size]!;
  if (last === v) return;
  if (precedes(h, last, v)) siftUp(h, i, last);
  else siftDown(h, i, last);
}

/** Removes and returns the node with the smallest key (the heap must not be empty). */
export function popMin(h: NodeHeap): number {
  const top = h.items[0]!;
  h.pos[top] = -1;
  const size = --h.size;
  if (size > 0) siftDown(h, 0, h.items[size]!);
  return top;
}

function siftUp(h: NodeHeap, from: number, v: number): void {
  const { items, pos } = h;
  let i = from;
  while (i > 0) {
    const up = (i - 1) >> 1;
    const u = items[up]!;
    if (!precedes(h, v, u)) break;
    items[i] = u;
    pos[u] = i;
    i = up;
  }
  items[i] = v;
  pos[v] = i;
}

function siftDown(h: NodeHeap, from: number, v: number): void {
  const { items, pos } = h;
  const size = h.size;
  let i = from;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    let c = items[child]!;
    if (child + 1 < size) {
      const right = items[child + 1]!;
      if (precedes(h, right, c)) {
        child++;
        c = right;
      }
    }
    if (!precedes(h, c, v)) break;
    items[i] = c;
    pos[c] = i;
    i = child;
  }
  items[i] = v;
  pos[v] = i;
}

/** Returns true when node `a` comes before node `b` (both keys already stored). */
function precedes(h: NodeHeap, a: number, b: number): boolean {
  const ka = h.key[a]!;
  const kb = h.key[b]!;
  return ka < kb || (ka === kb && h.rank[a]! < h.rank[b]!);
}
