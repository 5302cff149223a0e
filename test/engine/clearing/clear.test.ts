/**
 * Textbook cases for clearMarket with numbers checkable by hand (MODEL.md §8.4), the price rule on small cases, and
 * edge cases. Linear curves are approximated by steps of `DP` USD/kg, so analytic prices hold within a step or two.
 */
import { describe, expect, it } from 'vitest';
import { type ClearingProblem, type ClearingQuota, clearMarket } from '../../../src/engine/clearing/clear.ts';
import { findViolations } from './conditions.ts';
import { randomClearingProblem, seededRng } from './fixtures.ts';

/** USD/kg width of the steps approximating linear curves. */
const DP = 0.02;

interface Steps {
  node: number[];
  price: number[];
  qty: number[];
}

const noSteps = (): Steps => ({ node: [], price: [], qty: [] });

/** Adds demand Q = slope·(choke − P) (t, for P in USD/kg) at `buyer` as bids every DP USD/kg. */
function addLinearDemand(bids: Steps, buyer: number, choke: number, slope: number): void {
  for (let i = 0; (i + 0.5) * DP < choke; i++) {
    bids.node.push(buyer);
    bids.price.push(choke - (i + 0.5) * DP);
    bids.qty.push(slope * DP);
  }
}

/** Adds supply Q = slope·P (t) at `seller` as offers every DP USD/kg up to `maxPrice`. */
function addLinearSupply(offers: Steps, seller: number, slope: number, maxPrice: number): void {
  for (let i = 0; (i + 0.5) * DP < maxPrice; i++) {
    offers.node.push(seller);
    offers.price.push((i + 0.5) * DP);
    offers.qty.push(slope * DP);
  }
}

/** Builds a problem from step lists and a dense route-cost matrix (rows = sellers). */
function problem(offers: Steps, bids: Steps, cost: number[][], quotas: ClearingQuota[] = []): ClearingProblem {
  const sellers = cost.length;
  const buyers = sellers > 0 ? cost[0]!.length : Math.max(0, ...bids.node.map((b) => b + 1));
  return {
    sellers,
    buyers,
    nOffers: offers.node.length,
    offerSeller: Int32Array.from(offers.node),
    offerAsk: Float64Array.from(offers.price),
    offerQty: Float64Array.from(offers.qty),
    nBids: bids.node.length,
    bidBuyer: Int32Array.from(bids.node),
    bidPrice: Float64Array.from(bids.price),
    bidQty: Float64Array.from(bids.qty),
    routeCost: Float64Array.from(cost.flat()),
    quotas,
  };
}

const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);

/**
 * Two countries A (0) and B (1), each a seller and a buyer node: A has demand 100 − p and supply 2p, B has demand
 * 200 − 2p and supply p, so A's excess supply is 3p − 100 and B's excess demand 200 − 3p. `exportCost` is A → B.
 */
function twoCountries(exportCost: number, quotas: ClearingQuota[] = []): ClearingProblem {
  const offers = noSteps();
  const bids = noSteps();
  addLinearSupply(offers, 0, 2, 100);
  addLinearSupply(offers, 1, 1, 100);
  addLinearDemand(bids, 0, 100, 1);
  addLinearDemand(bids, 1, 100, 2);
  return problem(
    offers,
    bids,
    [
      [0, exportCost],
      [4, 0],
    ],
    quotas,
  );
}

describe('clearMarket textbook cases', () => {
  it('clears one frictionless market at the analytic competitive price on a flat supply step', () => {
    // Demand Q = 100 − P against steps of 30 t at 20, 30 t at 50 and 50 t at 80: the curves cross at P = 50, Q = 50.
    const bids = noSteps();
    addLinearDemand(bids, 0, 100, 1);
    const offers: Steps = { node: [0, 0, 0], price: [20, 50, 80], qty: [30, 30, 50] };
    const sol = clearMarket(problem(offers, bids, [[0]]));
    expect(sol.buyerPrice[0]).toBeCloseTo(50, 9);
    expect(sol.sellerPrice[0]).toBeCloseTo(50, 9);
    expect(sum(sol.bidFilled)).toBeCloseTo(50, 9);
    expect(Array.from(sol.offerSold)).toEqual([30, expect.closeTo(20, 9), 0]);
  });

  it('prices a vertical supply segment at the marginal bid, within a step of the analytic price', () => {
    // Supply 30 t at 20, then 50 t at 90: 30 t clear, where demand 100 − P is willing to pay 70.
    const bids = noSteps();
    addLinearDemand(bids, 0, 100, 1);
    const offers: Steps = { node: [0, 0], price: [20, 90], qty: [30, 50] };
    const sol = clearMarket(problem(offers, bids, [[0]]));
    expect(Math.abs(sol.buyerPrice[0]! - 70)).toBeLessThanOrEqual(DP);
    expect(sol.sellerPrice[0]).toBe(sol.buyerPrice[0]);
    expect(sum(sol.offerSold)).toBeCloseTo(30, 9);
  });

  it('separates two trading markets by exactly the transport cost', () => {
    // Transport 4: 3pA − 100 = 200 − 3(pA + 4), so pA = 48, pB = 52 and A exports 44 t.
    const sol = clearMarket(twoCountries(4));
    expect(sol.flow[1]).toBeGreaterThan(0);
    expect(sol.buyerPrice[1]! - sol.buyerPrice[0]!).toBeCloseTo(4, 9);
    expect(Math.abs(sol.buyerPrice[0]! - 48)).toBeLessThanOrEqual(2 * DP);
    expect(Math.abs(sol.buyerPrice[1]! - 52)).toBeLessThanOrEqual(2 * DP);
    expect(Math.abs(sol.flow[1]! - 44)).toBeLessThanOrEqual(6 * DP);
    expect(sol.flow[2]).toBe(0);
  });

  it('passes a per-kg tariff t on to the importer by between 0 and t, split as the slopes predict', () => {
    const free = clearMarket(twoCountries(4));
    const taxed = clearMarket(twoCountries(4 + 6));
    const rise = taxed.buyerPrice[1]! - free.buyerPrice[1]!;
    expect(rise).toBeGreaterThan(0);
    expect(rise).toBeLessThan(6);
    // Equal slopes of excess supply and excess demand (3 t per USD/kg each) split the tariff in half: pB 52 → 55.
    expect(Math.abs(rise - 3)).toBeLessThanOrEqual(4 * DP);
    expect(taxed.buyerPrice[1]! - taxed.buyerPrice[0]!).toBeCloseTo(10, 9);
    // A prohibitive tariff stops trade: each market at autarky, the importer's rise still below t.
    const closed = clearMarket(twoCountries(4 + 40));
    expect(closed.flow[1]).toBe(0);
    expect(Math.abs(closed.buyerPrice[1]! - 200 / 3)).toBeLessThanOrEqual(2 * DP);
    expect(closed.buyerPrice[1]! - free.buyerPrice[1]!).toBeLessThan(40);
  });

  it('holds a binding export quota exactly and leaves a quota rent as the price gap', () => {
    // 10 t allowed: 3pA − 100 = 10 → pA = 110/3; 200 − 3pB = 10 → pB = 190/3; rent = pB − pA − 4 ≈ 22.67.
    const mask = Uint8Array.from([0, 1]);
    const sol = clearMarket(twoCountries(4, [{ seller: 0, buyerMask: mask, capacity: 10 }]));
    expect(sol.flow[1]).toBeCloseTo(10, 12);
    expect(sol.flow[1]).toBeLessThanOrEqual(10);
    expect(Math.abs(sol.buyerPrice[0]! - 110 / 3)).toBeLessThanOrEqual(2 * DP);
    expect(Math.abs(sol.buyerPrice[1]! - 190 / 3)).toBeLessThanOrEqual(2 * DP);
    const rent = sol.buyerPrice[1]! - sol.sellerPrice[0]! - 4;
    expect(Math.abs(rent - (190 / 3 - 110 / 3 - 4))).toBeLessThanOrEqual(4 * DP);
    expect(findViolations(twoCountries(4, [{ seller: 0, buyerMask: mask, capacity: 10 }]), sol)).toEqual([]);
  });

  it('cuts all trade under an export ban (a zero quota) and leaves both markets at autarky', () => {
    const p = twoCountries(4, [{ seller: 0, buyerMask: Uint8Array.from([0, 1]), capacity: 0 }]);
    const sol = clearMarket(p);
    expect(sol.flow[1]).toBe(0);
    expect(Math.abs(sol.buyerPrice[0]! - 100 / 3)).toBeLessThanOrEqual(2 * DP);
    expect(Math.abs(sol.buyerPrice[1]! - 200 / 3)).toBeLessThanOrEqual(2 * DP);
    expect(findViolations(p, sol)).toEqual([]);
  });
});

describe('clearMarket price rule', () => {
  it('picks the lowest consistent price when supply and demand match exactly', () => {
    // 5 t asked at 10 and 5 t bid at 30: any price in [10, 30] clears; the competitive price is 10.
    const sol = clearMarket(problem({ node: [0], price: [10], qty: [5] }, { node: [0], price: [30], qty: [5] }, [[0]]));
    expect(sol.flow[0]).toBe(5);
    expect(sol.buyerPrice[0]).toBe(10);
    expect(sol.sellerPrice[0]).toBe(10);
    expect(sol.surplus).toBe(100);
  });

  it('charges an unserved buyer its dearest bid (the choke price)', () => {
    const sol = clearMarket(
      problem({ node: [0], price: [50], qty: [5] }, { node: [0, 0], price: [30, 40], qty: [5, 5] }, [[0]]),
    );
    expect(sol.flow[0]).toBe(0);
    expect(sol.buyerPrice[0]).toBe(40);
  });

  it('gives a seller that sells nothing its best netback, floored at 0', () => {
    // Seller 0 (ask 10, plenty) serves the buyer at 10; seller 1 (ask 50) reaches it at cost 5, netback 10 − 5.
    const offers: Steps = { node: [0, 1], price: [10, 50], qty: [100, 10] };
    const bids: Steps = { node: [0], price: [30], qty: [20] };
    const sol = clearMarket(problem(offers, bids, [[0], [5]]));
    expect(sol.buyerPrice[0]).toBe(10);
    expect(sol.sellerPrice[1]).toBe(5);
    const far = clearMarket(problem(offers, bids, [[0], [25]]));
    expect(far.sellerPrice[1]).toBe(0);
  });

  it('prices a buyer without demand at import parity, and at 0 with no open route', () => {
    const offers: Steps = { node: [0], price: [10], qty: [100] };
    const bids: Steps = { node: [0], price: [30], qty: [20] };
    const sol = clearMarket(problem(offers, bids, [[0, 3, Infinity]]));
    expect(Array.from(sol.buyerPrice)).toEqual([10, 13, 0]);
  });

  it('trades on a subsidised route even when bid equals ask', () => {
    const sol = clearMarket(problem({ node: [0], price: [0], qty: [5] }, { node: [0], price: [0], qty: [5] }, [[-2]]));
    expect(sol.flow[0]).toBe(5);
    expect(sol.surplus).toBe(10);
  });

  it('breaks ties by index, the same way every time', () => {
    // Two identical sellers, demand for less than one of them holds: seller 0 serves it.
    const offers: Steps = { node: [0, 1], price: [10, 10], qty: [10, 10] };
    const bids: Steps = { node: [0], price: [20], qty: [6] };
    const p = problem(offers, bids, [[1], [1]]);
    const first = clearMarket(p);
    expect(Array.from(first.flow)).toEqual([6, 0]);
    expect(clearMarket(p)).toEqual(first);
  });
});

describe('clearMarket edge cases', () => {
  it('clears a market with no sellers: buyers at their choke prices', () => {
    const sol = clearMarket(problem(noSteps(), { node: [0, 1], price: [30, 40], qty: [5, 5] }, []));
    expect(Array.from(sol.buyerPrice)).toEqual([30, 40]);
    expect(sol.surplus).toBe(0);
  });

  it('clears a market with no buyers, and an empty one', () => {
    const sol = clearMarket(problem({ node: [0, 1], price: [10, 20], qty: [5, 5] }, noSteps(), [[], []]));
    expect(Array.from(sol.sellerPrice)).toEqual([0, 0]);
    expect(Array.from(sol.offerSold)).toEqual([0, 0]);
    const empty = clearMarket(problem(noSteps(), noSteps(), []));
    expect(empty.flow.length + empty.buyerPrice.length + empty.sellerPrice.length).toBe(0);
  });

  it('trades nothing when every route is closed or every quantity is zero', () => {
    const closed = clearMarket(
      problem({ node: [0], price: [10], qty: [5] }, { node: [0], price: [30], qty: [5] }, [[Infinity]]),
    );
    expect(closed.flow[0]).toBe(0);
    expect(closed.buyerPrice[0]).toBe(30);
    expect(closed.sellerPrice[0]).toBe(0);
    const zero = clearMarket(
      problem({ node: [0], price: [10], qty: [0] }, { node: [0], price: [30], qty: [0] }, [[1]]),
    );
    expect(zero.surplus).toBe(0);
    expect([...zero.buyerPrice, ...zero.sellerPrice].every(Number.isFinite)).toBe(true);
  });

  it('gives the same answers when problems of different sizes alternate (workspace growth and reuse)', () => {
    const small = randomClearingProblem(seededRng(7), { sellers: 3, buyers: 4, quotas: 2 });
    const large = randomClearingProblem(seededRng(8), { sellers: 30, buyers: 60, offers: 400, quotas: 6 });
    const smallFirst = clearMarket(small);
    const largeFirst = clearMarket(large);
    expect(findViolations(large, largeFirst)).toEqual([]);
    expect(clearMarket(small)).toEqual(smallFirst);
    expect(clearMarket(large)).toEqual(largeFirst);
  });

  it('throws on crossing quotas and on malformed input, naming the value', () => {
    const p = twoCountries(4);
    const a = { seller: 0, buyerMask: Uint8Array.from([1, 1]), capacity: 5 };
    const b = { seller: 0, buyerMask: Uint8Array.from([0, 1]), capacity: 5 };
    const c = { seller: 0, buyerMask: Uint8Array.from([1, 0]), capacity: 5 };
    expect(() => clearMarket({ ...p, quotas: [a, b, c] })).not.toThrow();
    const crossA = { seller: 0, buyerMask: Uint8Array.from([1, 1, 0]), capacity: 5 };
    const crossB = { seller: 0, buyerMask: Uint8Array.from([0, 1, 1]), capacity: 5 };
    const three = problem(noSteps(), noSteps(), [[0, 0, 0]], [crossA, crossB]);
    expect(() => clearMarket(three)).toThrow(/cross/);
    expect(() => clearMarket({ ...p, offerAsk: p.offerAsk.map((x, i) => (i === 3 ? NaN : x)) })).toThrow(
      /offerAsk\[3\] = NaN/,
    );
    expect(() => clearMarket({ ...p, bidBuyer: p.bidBuyer.map((x, i) => (i === 0 ? 7 : x)) })).toThrow(
      /bidBuyer\[0\] = 7/,
    );
  });
});
