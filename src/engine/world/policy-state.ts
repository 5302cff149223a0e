/** Governments' trade policies in force (docs/MODEL.md §4.7): export restrictions and import tariffs. */
import type { ModeCode } from './codes.ts';

/** An export restriction in force: total exports of `stage` from `exporter` to `dest` limited to `quotaT` per month. */
export interface Restriction {
  exporter: number;
  stage: number;
  dest: string;
  quotaT: number;
  until: number;
  source: 'event' | 'retaliation';
}

/** An import tariff in force on `exporter → importer` pairs (selectors resolved each month). */
export interface TariffRule {
  importer: string;
  exporter: string;
  stage: number;
  adValorem: number;
  perKg: number;
  until: number;
}

/** The policies in force this month. */
export interface Policies {
  restrictions: Restriction[];
  tariffs: TariffRule[];
  /** A mode forced by a scheduled event, −1 when none. */
  forcedMode: ModeCode | -1;
}
