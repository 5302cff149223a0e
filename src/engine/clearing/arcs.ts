/**
 * Residual arcs of the clearing network by code (layout in workspace.ts): their capacity, pushing flow along them,
 * and the lists of routes carrying flow that the tree updates walk instead of scanning every route.
 */
import type { ClearingWorkspace } from './workspace.ts';

/** Returns the tonnes of residual capacity of arc code `a` (>= 0). */
export function residualOf(ws: ClearingWorkspace, a: number): number {
  const i = a >> 2;
  switch (a & 3) {
    case 0:
      return Infinity;
    case 1:
      return ws.routeFlow[i]!;
    case 2:
      return ws.quotaRes[i]!;
    default:
      return ws.quotaFlow[i]!;
  }
}

/** Pushes `delta` tonnes along arc code `a`; returns true when that used up its residual capacity. */
export function pushAlong(ws: ClearingWorkspace, a: number, delta: number): boolean {
  const i = a >> 2;
  switch (a & 3) {
    case 0:
      if (ws.routeFlow[i] === 0) linkFlow(ws, i);
      ws.routeFlow[i]! += delta;
      return false;
    case 1:
      if ((ws.routeFlow[i]! -= delta) !== 0) return false;
      unlinkFlow(ws, i);
      return true;
    case 2:
      ws.quotaFlow[i]! += delta;
      return (ws.quotaRes[i]! -= delta) === 0;
    default:
      ws.quotaRes[i]! += delta;
      return (ws.quotaFlow[i]! -= delta) === 0;
  }
}

/** Adds route `t` to the flow lists of its tail and its buyer. */
function linkFlow(ws: ClearingWorkspace, t: number): void {
  const { flowHead, flowNext, flowPrev } = ws;
  for (let side = 0; side < 2; side++) {
    const node = side === 0 ? ws.routeTail[t]! : ws.routeHead[t]!;
    const slot = 2 * t + side;
    const head = flowHead[node]!;
    flowNext[slot] = head;
    flowPrev[slot] = -1;
    if (head >= 0) flowPrev[head] = slot;
    flowHead[node] = slot;
  }
}

/** Removes route `t` from the flow lists of its tail and its buyer. */
function unlinkFlow(ws: ClearingWorkspace, t: number): void {
  const { flowHead, flowNext, flowPrev } = ws;
  for (let side = 0; side < 2; side++) {
    const slot = 2 * t + side;
    const next = flowNext[slot]!;
    const prev = flowPrev[slot]!;
    if (prev >= 0) flowNext[prev] = next;
    else flowHead[side === 0 ? ws.routeTail[t]! : ws.routeHead[t]!] = next;
    if (next >= 0) flowPrev[next] = prev;
  }
}
