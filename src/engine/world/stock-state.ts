/**
 * Commercial stocks (MODEL.md §4.8, v2): each country's traders' and consumers' stock per stage, [C × 2] at c * 2 + s,
 * in t (concentrate t at the mine stage). Sized from the country's use at the start: refined demand at the reference
 * price for the refine stage, its refineries' feed at capacity for the mine stage.
 */
import type { Scenario } from '../../scenario/schema.ts';
import { row } from '../../lib/row.ts';

/** Every country's commercial stocks and what its stockholders expect. */
export interface Stocks {
  /** [C × 2] stock at the end of the last month, t. */
  levelT: Float64Array;
  /** [C × 2] normal stock (the initial level), t; 0 where the country holds none. */
  normalT: Float64Array;
  /** [C × 2] storage room, t. */
  capacityT: Float64Array;
  /** [C × 2] working stock never sold, t. */
  minT: Float64Array;
  /** [C × 2] the normal price prices are expected to return to: an exponentially weighted mean, USD/kg. */
  normalPriceUsdPerKg: Float64Array;
}

/**
 * Builds the stocks of a validated scenario. `useTpm` gives each country's monthly use per stage [C × 2], t/month.
 */
export function createStocks(s: Scenario, useTpm: Float64Array): Stocks {
  const C = s.countries.length;
  const p = s.market.stocks;
  const levelT = new Float64Array(C * 2);
  const normalT = new Float64Array(C * 2);
  const capacityT = new Float64Array(C * 2);
  const minT = new Float64Array(C * 2);
  const normalPriceUsdPerKg = new Float64Array(C * 2);
  const months = [p.initialMonths.mine, p.initialMonths.refine];
  const ref = [s.market.referencePrice.mine, s.market.referencePrice.refine];
  for (let c = 0; c < C; c++) {
    for (let st = 0; st < 2; st++) {
      const i = c * 2 + st;
      const use = useTpm[i]!;
      normalPriceUsdPerKg[i] = ref[st]!;
      if (!(months[st]! > 0) || !(use > 0)) continue;
      normalT[i] = months[st]! * use;
      levelT[i] = normalT[i]!;
      capacityT[i] = Math.max(normalT[i]!, p.capacityMonths * use);
      minT[i] = Math.min(normalT[i]!, p.minMonths * use);
    }
  }
  return row({ levelT, normalT, capacityT, minT, normalPriceUsdPerKg });
}
