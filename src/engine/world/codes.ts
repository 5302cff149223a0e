/**
 * The small integer codes the engine stores in its typed-array columns, as `as const` objects so that each code has one
 * name. The strings of the results (`FACILITY_STATES`, `MODES` in src/results/contract.ts) are indexed by these codes.
 */

/** What a facility does, coded in `facilities.kind`: an integrated facility mines and refines. */
export const FacilityKind = { mine: 0, refine: 1, integrated: 2 } as const;
export type FacilityKindCode = (typeof FacilityKind)[keyof typeof FacilityKind];

/** A facility's state (docs/MODEL.md §4.2), coded in `facilities.state` as the index of FACILITY_STATES. */
export const FacilityState = { project: 0, construction: 1, rampUp: 2, operating: 3, idle: 4, closed: 5 } as const;
export type FacilityStateCode = (typeof FacilityState)[keyof typeof FacilityState];

/** Who owns a facility, coded in `facilities.owner`. */
export const Owner = { private: 0, state: 1 } as const;
export type OwnerCode = (typeof Owner)[keyof typeof Owner];

/** A country's role, coded in `countries.role`. */
export const Role = { dominant: 0, member: 1, other: 2 } as const;
export type RoleCode = (typeof Role)[keyof typeof Role];

/** The strategist's mode (docs/MODEL.md §4.4), coded as the index of MODES. */
export const Mode = { compete: 0, flood: 1, harvest: 2, restrict: 3 } as const;
export type ModeCode = (typeof Mode)[keyof typeof Mode];

/** A stage index: 0 mine (concentrate), 1 refine. Country-stage columns are indexed `c * 2 + stage`. */
export const Stage = { mine: 0, refine: 1 } as const;
export type StageCode = (typeof Stage)[keyof typeof Stage];
