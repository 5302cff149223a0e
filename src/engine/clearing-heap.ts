/**
 * An indexed binary min-heap of node indices with float keys, on typed arrays. Ordered by key, then node index, so
 * ties resolve the same way every run. `pos[v]` is -1 for a node not in the heap.
 */

/** A heap of nodes: `items[0 .. size)` in heap order, `pos[v]` each node's slot, `key[v]` its key. */
export interface NodeHeap {
  items: Int32Array;
  pos: Int32Array;
  key: Float64Array;
  size: number;
}

/** Returns an empty heap with room for no nodes (grow it with reserveHeap). */
export function createNodeHeap(): NodeHeap {
  return { items: new Int32Array(0), pos: new Int32Array(0), key: new Float64Array(0), size: 0 };
}

/** Empties `h` and makes room for nodes 0 .. n-1. */
export function resetHeap(h: NodeHeap, n: number): void {
  if (h.pos.length < n) {
    const m = Math.max(n, 2 * h.pos.length);
    h.items = new Int32Array(m);
    h.pos = new Int32Array(m).fill(-1);
    h.key = new Float64Array(m);
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
    siftUp(h, h.size++, v);
  } else if (precedes(key, v, h.key[v]!, v)) {
    h.key[v] = key;
    siftUp(h, i, v);
  }
}

/** Inserts node `v` with `key`, or moves it to `key` in either direction. */
export function setKey(h: NodeHeap, v: number, key: number): void {
  const i = h.pos[v]!;
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
  const old = h.key[v]!;
  if (precedes(h.key[last]!, last, old, v)) siftUp(h, i, last);
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
  const { items, pos, key } = h;
  const k = key[v]!;
  let i = from;
  while (i > 0) {
    const up = (i - 1) >> 1;
    const u = items[up]!;
    if (!precedes(k, v, key[u]!, u)) break;
    items[i] = u;
    pos[u] = i;
    i = up;
  }
  items[i] = v;
  pos[v] = i;
}

function siftDown(h: NodeHeap, from: number, v: number): void {
  const { items, pos, key } = h;
  const size = h.size;
  const k = key[v]!;
  let i = from;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    let c = items[child]!;
    if (child + 1 < size) {
      const right = items[child + 1]!;
      if (precedes(key[right]!, right, key[c]!, c)) {
        child++;
        c = right;
      }
    }
    if (!precedes(key[c]!, c, k, v)) break;
    items[i] = c;
    pos[c] = i;
    i = child;
  }
  items[i] = v;
  pos[v] = i;
}

function precedes(keyA: number, a: number, keyB: number, b: number): boolean {
  return keyA < keyB || (keyA === keyB && a < b);
}
