/**
 * A network problem as a linear program in CPLEX LP text, for independent solvers (the `highs` test dependency, the
 * benchmarks). Variables: x<e> tonnes on arc e, z<j> tonnes sold of offer j, y<k> tonnes served of bid k. Rows: n<v>
 * the balance of node v (in − out = 0). The optimum equals solveNetwork's surplus.
 */
import type { NetworkProblem } from './problem.ts';

/** Terms per line: LP readers accept long rows, but short lines keep the text readable. */
const TERMS_PER_LINE = 8;

/** Encodes `p` as "maximize total surplus" in CPLEX LP format. */
export function toNetworkLpText(p: NetworkProblem): string {
  const objective: string[] = [];
  const rows: string[][] = Array.from({ length: p.nodes }, () => []);
  for (let e = 0; e < p.nArcs; e++) {
    objective.push(term(-p.arcCost[e]!, `x${e}`));
    rows[p.arcTail[e]!]!.push(`- x${e}`);
    rows[p.arcHead[e]!]!.push(`+ x${e}`);
  }
  for (let j = 0; j < p.nOffers; j++) {
    objective.push(term(-p.offerAsk[j]!, `z${j}`));
    rows[p.offerNode[j]!]!.push(`+ z${j}`);
  }
  for (let k = 0; k < p.nBids; k++) {
    objective.push(term(p.bidPrice[k]!, `y${k}`));
    rows[p.bidNode[k]!]!.push(`- y${k}`);
  }
  if (objective.length === 0) objective.push('0 dummy');
  const constraints: string[] = [];
  rows.forEach((terms, v) => {
    if (terms.length > 0) constraints.push(` n${v}: ${wrap(terms)} = 0`);
  });
  const bounds: string[] = [];
  for (let e = 0; e < p.nArcs; e++) {
    const cap = p.arcCap[e]!;
    bounds.push(cap < Infinity ? ` 0 <= x${e} <= ${num(cap)}` : ` x${e} >= 0`);
  }
  for (let j = 0; j < p.nOffers; j++) bounds.push(` 0 <= z${j} <= ${num(p.offerQty[j]!)}`);
  for (let k = 0; k < p.nBids; k++) bounds.push(` 0 <= y${k} <= ${num(p.bidQty[k]!)}`);
  if (objective[0] === '0 dummy') bounds.push(' dummy = 0');
  return ['Maximize', ` obj: ${wrap(objective)}`, 'Subject To', ...constraints, 'Bounds', ...bounds, 'End', ''].join(
    '\n',
  );
}

function term(coefficient: number, name: string): string {
  return coefficient < 0 ? `- ${num(-coefficient)} ${name}` : `+ ${num(coefficient)} ${name}`;
}

/** Writes a number exactly (shortest round-trip form); LP readers parse exponents. */
function num(value: number): string {
  return String(value);
}

function wrap(terms: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += TERMS_PER_LINE) lines.push(terms.slice(i, i + TERMS_PER_LINE).join(' '));
  return lines.join('\n   ');
}
