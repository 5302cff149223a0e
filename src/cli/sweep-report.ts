/** The few lines `sweep` and `merge` print after writing: the badges of each grid point, as sentences. */
import type { MergeSummary } from '../ensemble/merge.ts';

/** Most grid points whose badges are printed; beyond that, badges.csv has them. */
export const MAX_POINTS_SHOWN = 8;

/**
 * Formats the badges of a merged sweep, one indented sentence per line, grouped by grid point (its `badges` need hold
 * only the first MAX_POINTS_SHOWN points).
 */
export function describeBadges(merged: MergeSummary): string {
  const { plan, badges } = merged;
  if (plan.points > MAX_POINTS_SHOWN) return `badges for ${plan.points} grid points: see badges.csv\n`;
  let out = '';
  for (const { values, badges: list } of badges) {
    const indent = plan.vary.length ? '    ' : '  ';
    if (plan.vary.length) out += `  at ${plan.vary.map((a, i) => `${a.path}=${values[i]}`).join(', ')}:\n`;
    for (const b of list) out += `${indent}${b.sentence}\n`;
  }
  return out;
}
