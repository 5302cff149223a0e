/**
 * An indexed binary min-heap of nodes in the clearing workspace, for Dijkstra. Ordered by key, then node index, so
 * ties resolve the same way every run. `heapPos[v]` is -1 for a node not in the heap.
 */
import type { ClearingWorkspace } from './clearing-workspace.ts';

/** Inserts node `v` with `key`, or lowers its key when it is already queued with a larger one. */
export function pushOrLower(ws: ClearingWorkspace, v: number, key: number): void {
  let i = ws.heapPos[v]!;
  if (i < 0) {
    i = ws.heapSize++;
  } else if (!precedes(key, v, ws.heapKey[v]!, v)) {
    return;
  }
  ws.heapKey[v] = key;
  siftUp(ws, i, v);
}

/** Removes and returns the node with the smallest key (the heap must not be empty). */
export function popMin(ws: ClearingWorkspace): number {
  const { heap, heapPos, heapKey } = ws;
  const top = heap[0]!;
  heapPos[top] = -1;
  const size = --ws.heapSize;
  if (size === 0) return top;
  const last = heap[size]!;
  const key = heapKey[last]!;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size && precedes(heapKey[heap[right]!]!, heap[right]!, heapKey[heap[child]!]!, heap[child]!)) {
      child = right;
    }
    const c = heap[child]!;
    if (!precedes(heapKey[c]!, c, key, last)) break;
    heap[i] = c;
    heapPos[c] = i;
    i = child;
  }
  heap[i] = last;
  heapPos[last] = i;
  return top;
}

function siftUp(ws: ClearingWorkspace, from: number, v: number): void {
  const { heap, heapPos, heapKey } = ws;
  const key = heapKey[v]!;
  let i = from;
  while (i > 0) {
    const up = (i - 1) >> 1;
    const u = heap[up]!;
    if (!precedes(key, v, heapKey[u]!, u)) break;
    heap[i] = u;
    heapPos[u] = i;
    i = up;
  }
  heap[i] = v;
  heapPos[v] = i;
}

function precedes(keyA: number, a: number, keyB: number, b: number): boolean {
  return keyA < keyB || (keyA === keyB && a < b);
}
