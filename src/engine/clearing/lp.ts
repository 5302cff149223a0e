/**
 * The clearing problem as a linear program in CPLEX LP text, for an independent solver (the `highs` test dependency)
 * and benchmarks. Variables: z<j> tonnes sold of offer j, y<k> tonnes served of bid k, x<s>_<b> tonnes on open route
 * s->b. Rows: s<s> seller balance, b<b> buyer balance, q<i> quota i. The optimum equals clearMarket's surplus.
 */
import type { ClearingProblem } from './problem.ts';

/** Terms per line: LP readers accept long rows, but short lines keep the text readable. */
const TERMS_PER_LINE = 8;

/** Encodes `p` as "maximize total surplus" in CPLEX LP format. */
export function toLpText(p: ClearingProblem): string {
  const S = p.sellers;
  const B = p.buyers;
  const open = (s: number, b: number) => p.routeCost[s * B + b]! < Infinity;
  const objective: string[] = [];
  for (let k = 0; k < p.nBids; k++) objective.push(term(p.bidPrice[k]!, `y${k}`));
  for (let j = 0; j < p.nOffers; j++) objective.push(term(-p.offerAsk[j]!, `z${j}`));
  for (let s = 0; s < S; s++) {
    for (let b = 0; b < B; b++) if (open(s, b)) objective.push(term(-p.routeCost[s * B + b]!, `x${s}_${b}`));
  }
  if (objective.length === 0) objective.push('0 dummy');
  const rows: string[] = [];
  for (let s = 0; s < S; s++) {
    const terms: string[] = [];
    for (let j = 0; j < p.nOffers; j++) if (p.offerSeller[j] === s) terms.push(`+ z${j}`);
    for (let b = 0; b < B; b++) if (open(s, b)) terms.push(`- x${s}_${b}`);
    if (terms.length > 0) rows.push(` s${s}: ${wrap(terms)} = 0`);
  }
  for (let b = 0; b < B; b++) {
    const terms: string[] = [];
    for (let s = 0; s < S; s++) if (open(s, b)) terms.push(`+ x${s}_${b}`);
    for (let k = 0; k < p.nBids; k++) if (p.bidBuyer[k] === b) terms.push(`- y${k}`);
    if (terms.length > 0) rows.push(` b${b}: ${wrap(terms)} = 0`);
  }
  p.quotas.forEach((q, i) => {
    if (!(q.capacity < Infinity)) return;
    const terms: string[] = [];
    for (let b = 0; b < B; b++) if (q.buyerMask[b] !== 0 && open(q.seller, b)) terms.push(`+ x${q.seller}_${b}`);
    if (terms.length > 0) rows.push(` q${i}: ${wrap(terms)} <= ${num(q.capacity)}`);
  });
  const bounds: string[] = [];
  for (let j = 0; j < p.nOffers; j++) bounds.push(` 0 <= z${j} <= ${num(p.offerQty[j]!)}`);
  for (let k = 0; k < p.nBids; k++) bounds.push(` 0 <= y${k} <= ${num(p.bidQty[k]!)}`);
  if (objective[0] === '0 dummy') bounds.push(' dummy = 0');
  return ['Maximize', ` obj: ${wrap(objective)}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'End', ''].join('\n');
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
