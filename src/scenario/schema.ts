/**
 * The scenario format, version 1: one zod definition gives the TypeScript types, the validation (every message names
 * its JSON path) and `scenarios/schema.json` for editors. Units are in the field names or their descriptions: capacities
 * and demand per year (t/yr), prices USD/kg, money USD millions (M$), months as "YYYY-MM".
 *
 * Bounds on sizes and horizons keep any file from making a run hang (see LIMITS).
 */
import { z } from 'zod';
import { monthLabel } from './months.ts';

// Zod builds each object schema's fast parser with `new Function` unless jitless is set before the schema is created:
// the page's Content-Security-Policy has no 'unsafe-eval', and the probe alone is reported as a violation.
z.config({ jitless: true });

/** Hard limits on what a scenario may ask for; checked by the schema, so a file or link cannot exceed them. */
export const LIMITS = {
  countries: 250,
  facilities: 10_000,
  /** Pipeline entries, and projects summed over their `count`. */
  pipelineProjects: 2_000,
  events: 2_000,
  contracts: 500,
  months: 1_200,
  text: 4_000,
  sources: 100,
} as const;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = z.string().regex(MONTH, 'a month written YYYY-MM').describe('A month, "YYYY-MM"');

/** The latest start month: a run of LIMITS.months (the longest `--months` allows) from it ends in 9999-12. */
export const LATEST_START = monthLabel('9999-12', 1 - LIMITS.months);
const startMonth = month.refine((s) => !MONTH.test(s) || s <= LATEST_START, {
  message: `at most ${LATEST_START}, so that a run of up to ${LIMITS.months} months ends by 9999-12 (months are written YYYY-MM)`,
});
const iso3 = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 3166 alpha-3 code such as "AUS"')
  .describe('ISO 3166 alpha-3 country code');
const share = z.number().min(0).max(1);
const nonNeg = z.number().min(0).max(1e12);
const price = z.number().min(0).max(1e6).describe('USD/kg');
/** A price the demand curve divides by or ends at, so it must be above zero; `why` is said in the message. */
const positivePrice = (why: string) =>
  z.number().gt(0, `must be greater than 0: ${why}`).max(1e6).describe('USD/kg, above 0');
const text = z.string().max(LIMITS.text);
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'an id of letters, digits, ".", "_" or "-"')
  .describe('Identifier');

/** The two stages of the chain (MODEL.md §3). */
export const STAGES = ['mine', 'refine'] as const;
export const stage = z.enum(STAGES);
export type Stage = z.infer<typeof stage>;

/** A value per stage; missing stages take the default. */
const perStage = <T extends z.ZodType>(v: T) => z.object({ mine: v.optional(), refine: v.optional() }).strict();

export const source = z
  .object({
    title: text.describe('Publication or dataset'),
    year: z.number().int().min(1900).max(2100).optional(),
    detail: text.optional().describe('Table, page or section'),
    url: z.string().max(500).optional(),
    note: text.optional(),
  })
  .strict();

export const country = z
  .object({
    code: iso3,
    name: z.string().min(1).max(80),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    role: z.enum(['dominant', 'member', 'other']).default('other'),
    joins: month.optional().describe('Month a member joins the zone (members without it are founding members)'),
    leaves: month.optional().describe('Month it leaves the zone'),
    demandTpy: nonNeg.default(0).describe('Refined demand at the reference price in the start month, t/yr'),
    growth: z.number().min(-0.5).max(1).default(0).describe('Demand growth per year, fraction'),
    elasticityShort: z.number().min(-5).max(0).optional().describe('Short-run price elasticity (default: market)'),
    elasticityLong: z.number().min(-5).max(0).optional().describe('Long-run price elasticity (default: market)'),
    recyclingTpy: nonNeg.default(0).describe('Secondary refined supply at the reference price, t/yr'),
    support: z
      .object({ budgetMusd: nonNeg.default(0).describe('State support budget for state-owned facilities, M$') })
      .strict()
      .optional(),
  })
  .strict();

export const facilityState = z.enum(['operating', 'idle', 'construction', 'closed']);

export const facility = z
  .object({
    id,
    name: z.string().min(1).max(120),
    country: iso3,
    stage: z.enum(['mine', 'refine', 'integrated']),
    capacityTpy: z.number().min(0).max(1e9).describe('Nameplate capacity, t/yr (refined-equivalent for mines)'),
    cashCost: price.describe('Variable cash cost, USD/kg (for refineries: conversion cost, feed excluded)'),
    fixedCostMusd: nonNeg.default(0).describe('Fixed cost, M$/yr'),
    owner: z.enum(['private', 'state']).default('private'),
    cashMusd: z.number().min(-1e6).max(1e6).default(0).describe('Cash at the start, M$'),
    state: facilityState.default('operating'),
    online: month.optional().describe('For state "construction": the month it starts ramping up'),
    rampMonths: z.number().int().min(0).max(120).optional(),
    recovery: z.number().min(0.1).max(1).optional().describe('Refining recovery (default: market)'),
    mineCapacityTpy: z
      .number()
      .min(0)
      .max(1e9)
      .optional()
      .describe(
        "Integrated only: its own mine's output, t/yr of concentrate (default capacityTpy / recovery, what its refinery uses); " +
          'a surplus is sold as concentrate, a shortfall bought (MODEL.md §3)',
      ),
    mineCashCost: price
      .optional()
      .describe(
        'Integrated with mineCapacityTpy: the mining part of cashCost, USD/kg of concentrate; the rest, per kg of refined ' +
          'output, is conversion',
      ),
    note: text.optional(),
  })
  .strict();

export const project = z
  .object({
    name: z.string().min(1).max(120).optional(),
    country: iso3,
    stage: z.enum(['mine', 'refine', 'integrated']),
    capacityTpy: z.number().min(1).max(1e9),
    capexMusd: nonNeg,
    cashCost: price,
    fixedCostMusd: nonNeg.default(0),
    leadMonths: z.number().int().min(1).max(240),
    count: z.number().int().min(1).max(100).default(1).describe('How many projects of this kind are available'),
    earliest: month.optional().describe('No commitment before this month'),
    owner: z.enum(['private', 'state']).default('private'),
    mineCashCost: price
      .optional()
      .describe(
        'Integrated only: the mining part of cashCost, USD/kg of concentrate; investors then take the risk of its own ' +
          'revenue, the refined price less this cost (MODEL.md §4.3), rather than of the refining margin',
      ),
  })
  .strict();

const destination = z
  .union([z.enum(['member', 'non-member', 'all']), iso3])
  .describe('"member", "non-member", "all" or a country');
const exporterSel = z.union([z.enum(['dominant', 'non-member', 'all']), iso3]);
const importerSel = z.union([z.enum(['member', 'all']), iso3]);

/** Dated events (MODEL.md §4.6–4.7): each is applied at the start of its month. */
export const event = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('export-restriction'),
      month,
      until: month.optional(),
      country: iso3.optional().describe('Exporter (default: the dominant supplier)'),
      stage: z.enum(['mine', 'refine', 'both']).default('both'),
      to: destination.default('all'),
      cut: share.optional().describe('Share cut from the last 12 months of exports to that destination (1 = ban)'),
      quotaTpy: nonNeg.optional().describe('A fixed quota instead, t/yr'),
      note: text.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('export-duty'),
      month,
      until: month.optional(),
      country: iso3.optional(),
      stage: z.enum(['mine', 'refine', 'both']).default('both'),
      rate: z.number().min(0).max(5).describe('Ad valorem export duty'),
      note: text.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('tariff'),
      month,
      until: month.optional(),
      importer: importerSel,
      exporter: exporterSel,
      stage: z.enum(['mine', 'refine', 'both']).default('both'),
      adValorem: z.number().min(0).max(10).default(0),
      perKg: price.default(0),
      note: text.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('subsidy'),
      month,
      until: month.optional(),
      country: iso3,
      stage: z.enum(['mine', 'refine', 'both']).default('both'),
      usdPerKg: price,
      note: text.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('outage'), month, facility: id, months: z.number().int().min(1).max(120) }).strict(),
  z
    .object({
      kind: z.literal('mode'),
      month,
      mode: z.enum(['compete', 'flood', 'harvest']),
      note: text.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('floor'),
      month,
      stage,
      price: price.nullable().describe('New floor, or null to lift it'),
      note: text.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('disruption'),
      month,
      months: z.number().int().min(1).max(120),
      note: text.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('demand-shock'),
      month,
      months: z.number().int().min(1).max(1200).default(1200),
      country: iso3.optional(),
      factor: z
        .number()
        .min(
          0.01,
          'at least 0.01 (a shock removes at most 99% of demand): with no demand left no price forms, and the ' +
            "model's demand, which follows the 12-month mean price relative to the reference price, is undefined",
        )
        .max(10)
        .describe('Multiplies demand while it lasts, 0.01..10'),
      note: text.optional(),
    })
    .strict(),
]);

/**
 * Default patience of a flood (MODEL.md §4.4), months: about OPEC's 2014–16 market-share strategy against US shale, from
 * the November 2014 decision to hold output to the November 2016 agreement to cut it.
 */
export const FLOOD_PATIENCE_MONTHS = 24;

export const dominant = z
  .object({
    country: iso3,
    strategy: z
      .enum(['scripted', 'adaptive', 'dominant-firm'])
      .default('adaptive')
      .describe('scripted: events only; adaptive: compete/flood/harvest; dominant-firm: price on the residual demand'),
    focusStage: stage.default('refine').describe('Stage whose rival share drives mode changes'),
    normalMargin: z.number().min(0).max(5).default(0.15),
    domesticMargin: z.number().min(0).max(5).default(0.1),
    undercut: share.default(0.05),
    maxBelowCost: share.default(0.3),
    toleratedRivalShare: share.default(0.25),
    rivalCollapseShare: share.default(0.08),
    harvestAfter: z.number().int().min(0).max(240).default(6),
    floodBudgetMusd: nonNeg
      .optional()
      .describe(
        "A flood is abandoned once it has cost this much (the pool's losses and export subsidies since it began), M$; default: the whole support budget",
      ),
    floodPatienceMonths: z
      .number()
      .int()
      .min(1)
      .max(1200)
      .default(FLOOD_PATIENCE_MONTHS)
      .describe("A flood is abandoned when rivals' operating capacity (t/yr) has not fallen for this many months"),
    harvestRamp: z.number().min(0).max(1).default(0.03).describe('Ask rise per month in harvest, fraction'),
    harvestPrice: perStage(price).default({}).describe('Ask ceiling in harvest, USD/kg'),
    retaliationTrigger: z.number().min(0).max(10).default(0.25).describe('Zone tariff / ask that triggers restriction'),
    retaliationCut: share.default(0.5),
    retaliationMonths: z.number().int().min(1).max(240).default(24),
    forgiveMonths: z
      .number()
      .int()
      .min(0)
      .max(240)
      .default(12)
      .describe('Months after a retaliation lifts before it may fire again'),
    supportBudgetMusd: nonNeg.default(50_000).describe('State support budget for losses, M$'),
    captureLevy: z
      .boolean()
      .default(false)
      .describe(
        "Under the zone's variable levy, raise the export price to members up to the levy threshold and keep the rent",
      ),
    meritOrderOffers: z
      .boolean()
      .default(true)
      .describe(
        "Offer each state plant at its own cost × (1 + domesticMargin), not one pooled ask read off last month's output",
      ),
    entryTpyPerUsd: nonNeg
      .default(0)
      .describe(
        'dominant-firm limit pricing (Gaskins 1971): rival capacity, t/yr, a month of refined price $1/kg above the limit price brings in; 0 = off',
      ),
    limitPrice: price
      .optional()
      .describe('dominant-firm limit price for refined product, USD/kg (default: the compete ask)'),
    pricingHorizon: z
      .enum(['held', 'month'])
      .default('held')
      .describe(
        "dominant-firm: price against the demand and fringe supply a price held from now on meets, in present value ('held': buyers substitute, idle rivals restart), or against this month's alone ('month', myopic)",
      ),
  })
  .strict();

/** The public stockpile's carrying cost (MODEL.md §4.6), paid by the treasury of the country it sits in. */
export const stockpileHolding = z
  .object({
    interestPerYr: z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe('Interest on the money the stock cost (its book value at purchase prices), fraction per year'),
    storageUsdPerKgYr: price
      .default(0.2)
      .describe('Warehouse rent and handling, USD/kg per year (LME-approved sheds: about $0.19–0.21/kg a year)'),
  })
  .strict();

export const stockpile = z
  .object({
    country: iso3.optional().describe('Where it sits (default: the first founding member)'),
    budgetMusd: nonNeg,
    capacityT: nonNeg.describe('Storage, t'),
    initialT: nonNeg.default(0),
    buyBelow: price
      .optional()
      .describe('Buys at or below this price and never sells below it, USD/kg (default: the refined floor)'),
    releaseAbove: price
      .optional()
      .describe('Outside a disruption, releases when the price reached this, USD/kg (default: 1.5 × the buy price)'),
    maxBuyPerMonthT: nonNeg,
    maxReleasePerMonthT: nonNeg,
    holdingCost: stockpileHolding
      .default({ interestPerYr: 0.05, storageUsdPerKgYr: 0.2 })
      .describe("Carrying cost, paid by the treasury of the stockpile's country"),
    openEndedMonths: z
      .number()
      .int()
      .min(1)
      .max(240)
      .default(24)
      .describe(
        'Expected length of a disruption declared with no end (an export restriction without `until`), months: ' +
          'the release is rationed over it',
      ),
  })
  .strict();

/**
 * The terms of the zone's contract for difference (MODEL.md §4.6), used while `zone.cfd` is true: each member
 * producer's contract starts the first month it produces under the CfD and lasts `termMonths`.
 */
export const cfdTerms = z
  .object({
    strike: perStage(price).default({}).describe('Strike per stage, USD/kg (default: the floor in force)'),
    reference: z
      .enum(['member-index', 'own-price'])
      .default('member-index')
      .describe("Reference price: members' price index that month (default) or the producer's own node price"),
    termMonths: z.number().int().min(1).max(600).default(120).describe('Length of each contract, months'),
    membersOnly: z
      .boolean()
      .default(true)
      .describe("Pay only on tonnes sold to members (pro rata to its country's sales that went to members)"),
    payers: z
      .enum(['members-by-demand', 'host'])
      .default('members-by-demand')
      .describe("Who pays: member treasuries pro rata to refined demand (default), or the producer's own"),
    capAndFloor: z
      .object({
        cap: perStage(price).describe('Above this reference price producers pay back, USD/kg (at least the strike)'),
        paybackShare: share.default(1).describe('Share of (reference − cap) paid back per kg'),
      })
      .strict()
      .optional()
      .describe('Cap-and-floor (IEA 2025): producers pay back above the cap; a cap equal to the strike is two-way'),
  })
  .strict();

export const zone = z
  .object({
    name: z.string().max(80).default('Zone'),
    floor: perStage(price.nullable()).default({}).describe('Floor price per stage, USD/kg'),
    variableLevy: z.boolean().default(true),
    fixedTariff: z.number().min(0).max(10).default(0).describe('Ad valorem tariff on non-member imports'),
    tariffRateQuota: z
      .object({
        stage: stage.default('refine'),
        volumeTpy: nonNeg.describe('Yearly in-quota volume for the zone, t, shared by members pro rata to base demand'),
        inQuotaRate: z.number().min(0).max(10).default(0).describe('Ad valorem rate within the quota'),
        outOfQuotaRate: z.number().min(0).max(10).describe('Ad valorem rate above the quota'),
      })
      .strict()
      .optional()
      .describe('Tariff-rate quota on non-member imports into members (MODEL.md §4.6), on top of other tariffs'),
    cfd: z.boolean().default(false).describe('A contract for difference with member producers, on `cfdTerms`'),
    cfdTerms: cfdTerms
      .default(() => cfdTerms.parse({}))
      .describe('Terms of the CfD: strike, reference, term, members-only sales, payers, cap-and-floor (MODEL.md §4.6)'),
    budgetMusd: nonNeg
      .default(1e6)
      .describe("Zone budget for CfD payments, M$ (default: no practical limit; the contracts' term bounds them)"),
    policyCredibility: share.default(1).describe("Share of the floor's defence investors believe (0..1)"),
    stockpile: stockpile.optional(),
    floorSetting: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('fixed') }).strict(),
        z
          .object({
            kind: z.literal('cost-indexed'),
            reviewMonths: z.number().int().min(1).max(120).default(6),
            securityShare: share.default(0.3),
            margin: z.number().min(-0.5).max(5).default(0.1),
            maxStep: z.number().min(0).max(5).default(0.15),
            costBasis: z
              .enum(['full', 'cash'])
              .default('full')
              .describe(
                "Full cost (cash + fixed + capital recovery at the investors' base rate) of the marginal member unit, " +
                  'or its cash cost only (engine 0.1)',
              ),
          })
          .strict(),
      ])
      .default({ kind: 'fixed' }),
  })
  .strict();

/**
 * A bilateral deal or offtake contract (MODEL.md §4.7): a buyer takes a volume a month from a seller at a price formula
 * for a term, served before the spot market clears. Prices are FOB at the seller: the buyer also pays transport and the
 * route's export duty, tariffs and levy, as on a spot import of that route.
 */
export const contractPrice = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('fixed'), usdPerKg: price.describe('The contract price, USD/kg') })
    .strict()
    .describe('A fixed price'),
  z
    .object({
      kind: z.literal('indexed'),
      share: z.number().min(0).max(5).default(1).describe("Share of the seller's spot price paid, 0..5"),
      min: price.default(0).describe('Collar: lowest price paid, USD/kg'),
      max: price.optional().describe('Collar: highest price paid, USD/kg (default: none)'),
    })
    .strict()
    .describe("A share of the seller's spot price within a collar"),
  z
    .object({ kind: z.literal('floor'), usdPerKg: price.describe('The floor, USD/kg') })
    .strict()
    .describe("The seller's spot price, at least the floor"),
]);

export const contract = z
  .object({
    id,
    buyer: z
      .union([z.enum(['zone', 'stockpile']), iso3])
      .describe("A country, the zone (its members pro rata to their demand) or the zone's stockpile"),
    seller: id.describe("A facility id, or a country's ISO code (its facilities, cheapest first)"),
    stage: stage.default('refine'),
    volumeTpm: nonNeg.optional().describe('Volume a month, t (or volumeTpy)'),
    volumeTpy: nonNeg.optional().describe('Volume a year, t (or volumeTpm)'),
    price: contractPrice,
    start: month.describe('First month of deliveries'),
    end: month.optional().describe('First month without deliveries (or termMonths; default: none)'),
    termMonths: z.number().int().min(1).max(1200).optional().describe('Term, months (or end)'),
    note: text.optional(),
    source: source.optional(),
  })
  .strict();

export const facilityRules = z
  .object({
    idleAfter: z.number().int().min(1).max(120).default(3),
    careCost: share.default(0.3).describe('Share of fixed cost paid while idle'),
    fixedCostIdle: z
      .boolean()
      .default(false)
      .describe('Idle also when the expected margin does not cover the fixed cost idling saves (MODEL.md §4.2)'),
    restartHurdle: z.number().min(0).max(5).default(0.1),
    restartAfter: z.number().int().min(1).max(120).default(3),
    restartCostMusd: nonNeg.default(5),
    restartMonths: z.number().int().min(0).max(60).default(2),
    maxLossMusd: nonNeg.default(200).describe('Bankruptcy when cash falls below minus this, M$'),
    maxIdle: z.number().int().min(1).max(600).default(36),
    outageProbability: share.default(0.004).describe('Monthly probability of a random outage'),
    outageMonths: z.number().int().min(1).max(60).default(2).describe('Mean outage length'),
    rampMonths: z.number().int().min(0).max(120).default(12),
    brownfieldRestarts: z
      .boolean()
      .default(false)
      .describe("A closed site's restart enters the pipeline as a brownfield project (MODEL.md §4.2)"),
    brownfieldLeadShare: z
      .number()
      .min(0.01)
      .max(1)
      .default(0.5)
      .describe("A closed site's restart lead time as a share of a new project's"),
    brownfieldCapexShare: z
      .number()
      .min(0)
      .max(2)
      .default(0.3)
      .describe("A closed site's restart capex as a share of a new project's of its size"),
  })
  .strict();

export const investors = z
  .object({
    baseRate: z.number().min(0).max(1).default(0.08),
    expectationHalfLife: z.number().min(1).max(600).default(24),
    memoryYears: z.number().int().min(1).max(50).default(10),
    maxInFlight: z.number().int().min(0).max(50).default(2),
    volatilityWeight: z.number().min(0).max(10).default(0.5),
    scarStep: z.number().min(0).max(1).default(0.02),
    scarHalfLifeMonths: z.number().min(1).max(1200).default(60),
    scarCollapse: share
      .default(0.3)
      .describe("Fall of the 12-month mean netback below memory's best that makes a closure scar"),
    scarSpillover: share.default(0.25).describe("Share of a country's scar step other countries' investors take"),
    downsideWeight: share.default(0.5).describe('Weight of the downside price in the NPV price'),
    lifeYears: z.number().int().min(1).max(60).default(20),
    costSpread: z.number().min(0).max(1).default(0.1).describe('Std. dev. of random draws around projects, fraction'),
  })
  .strict();

/** Commercial stocks held in every country (MODEL.md §4.8, v2): traders' and consumers' working stock, per stage. */
export const commercialStocks = z
  .object({
    initialMonths: z
      .object({ mine: z.number().min(0).max(24).default(0), refine: z.number().min(0).max(24).default(0) })
      .strict()
      .default({ mine: 0, refine: 0 })
      .describe("Normal (and initial) stock per stage, months of the country's use at the start; 0 = no stocks"),
    capacityMonths: z
      .number()
      .min(0)
      .max(60)
      .default(6)
      .describe('Storage room, months of use (at least the normal stock)'),
    minMonths: z.number().min(0).max(12).default(0.25).describe('Working stock never sold, months of use'),
    interestPerYr: z.number().min(0).max(1).default(0.08).describe('Interest on the value held, fraction per year'),
    storageUsdPerKgYr: price.default(0).describe('Physical storage cost, USD/kg per year'),
    scarcityElasticity: z
      .number()
      .min(0.05)
      .max(10)
      .default(1)
      .describe(
        'How fast the expected price rises as stocks fall below normal: E[p] = normal price × (normal / stock)^this',
      ),
    normalHalfLifeMonths: z
      .number()
      .min(1)
      .max(600)
      .default(12)
      .describe('Half-life of the normal price stockholders expect prices to return to, months'),
  })
  .strict();

/** Trade that leaks past export controls (MODEL.md §4.9, v2): re-exports through third countries. */
export const leakage = z
  .object({
    reexportUsdPerKg: price
      .default(2)
      .describe('Extra cost of trans-shipping a kg through a third country (relabelling, handling, margins), USD/kg'),
    originEnforcement: share
      .default(1)
      .describe('Share of re-exported flows caught and treated as of their origin; 1 = no leakage (as in 0.1)'),
  })
  .strict();

export const market = z
  .object({
    recovery: z.number().min(0.1).max(1).default(0.95),
    referencePrice: z
      .object({
        mine: positivePrice("the reference price anchors the concentrate price and investors' expectations"),
        refine: positivePrice('demand is (P / P_ref)^ε, which divides by the reference price'),
      })
      .strict()
      .describe('P_ref per stage, USD/kg'),
    chokePrice: positivePrice(
      'the choke price tops the demand curve; at 0 no quantity is demanded at any price',
    ).describe('P_max for refined product, USD/kg'),
    valueOfLostProduction: price
      .optional()
      .describe('What a kg of unmet refined demand is worth to its buyers, USD/kg (default: the choke price)'),
    elasticityShort: z.number().min(-5).max(0).default(-0.1),
    elasticityLong: z.number().min(-5).max(0).default(-0.5),
    substitutionSpeed: share.default(0.02),
    recyclingElasticity: z.number().min(0).max(5).default(0.5),
    demandNoise: z.number().min(0).max(1).default(0).describe('Std. dev. of monthly demand shocks'),
    demandNoiseAutocorrelation: share.default(0.8),
    stocks: commercialStocks.default({
      initialMonths: { mine: 0, refine: 0 },
      capacityMonths: 6,
      minMonths: 0.25,
      interestPerYr: 0.08,
      storageUsdPerKgYr: 0,
      scarcityElasticity: 1,
      normalHalfLifeMonths: 12,
    }),
    leakage: leakage.default({ reexportUsdPerKg: 2, originEnforcement: 1 }),
    transport: z
      .object({
        baseUsdPerKg: price.default(0.2),
        perThousandKmUsdPerKg: price.default(0.05),
        overrides: z
          .array(z.object({ from: iso3, to: iso3, stage: stage.optional(), usdPerKg: price }).strict())
          .max(1000)
          .default([]),
      })
      .strict()
      .default({ baseUsdPerKg: 0.2, perThousandKmUsdPerKg: 0.05, overrides: [] }),
  })
  .strict();

export const scenario = z
  .object({
    $schema: z.string().max(500).optional().describe('Path to scenarios/schema.json, for editors'),
    schema: z.literal(1),
    id: id.optional(),
    extends: id.optional().describe('Preset id this scenario starts from; its own fields override'),
    title: z.string().min(1).max(200),
    description: text.default(''),
    mineral: z.string().max(80).default('refined product'),
    sources: z.array(source).max(LIMITS.sources).default([]),
    estimates: z.array(text).max(200).default([]).describe('Which numbers are estimates, and how they were made'),
    start: startMonth.describe(`First month, "YYYY-MM", at most ${LATEST_START}`),
    months: z.number().int().min(12).max(LIMITS.months),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    market,
    countries: z.array(country).min(1).max(LIMITS.countries),
    facilities: z.array(facility).max(LIMITS.facilities).default([]),
    pipeline: z.array(project).max(LIMITS.pipelineProjects).default([]),
    dominant: dominant.optional(),
    zone: zone.optional(),
    facilityRules: facilityRules.default(() => facilityRules.parse({})),
    investors: investors.default(() => investors.parse({})),
    events: z.array(event).max(LIMITS.events).default([]),
    contracts: z
      .array(contract)
      .max(LIMITS.contracts)
      .optional()
      .describe('Bilateral deals and offtake contracts (MODEL.md §4.7), served before the spot market'),
    story: z
      .array(
        z
          .object({
            month,
            caption: text,
            chart: z.enum(['prices', 'supply', 'capacity', 'cost-curve', 'money']).optional(),
            country: iso3.optional(),
          })
          .strict(),
      )
      .max(20)
      .default([]),
  })
  .strict();

/** A scenario as written in a file (defaults not yet applied). */
export type ScenarioInput = z.input<typeof scenario>;
/** A validated scenario with every default filled in. */
export type Scenario = z.infer<typeof scenario>;
export type Country = z.infer<typeof country>;
export type Facility = z.infer<typeof facility>;
export type Project = z.infer<typeof project>;
export type ScenarioEvent = z.infer<typeof event>;
export type Dominant = z.infer<typeof dominant>;
export type Zone = z.infer<typeof zone>;
export type Stockpile = z.infer<typeof stockpile>;
export type CfdTerms = z.infer<typeof cfdTerms>;
export type FacilityRules = z.infer<typeof facilityRules>;
export type Investors = z.infer<typeof investors>;
export type Market = z.infer<typeof market>;
export type Source = z.infer<typeof source>;
export type Contract = z.infer<typeof contract>;
export type ContractPrice = z.infer<typeof contractPrice>;
