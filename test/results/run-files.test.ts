import { describe, expect, it } from 'vitest';
import { RUN_FILE_NAMES, buildFacilityMonthsCsv, buildRunFiles, encodeRunFiles } from '../../src/results/run-files.ts';
import { makeTinyRunResult } from '../fixtures/tiny-run-result.ts';
import { CONTRACT_COLUMNS, CONTRACT_SUMMARY_KEYS } from '../fixtures/results-contract.ts';

const header = (text: string) => text.slice(0, text.indexOf('\n')).split(',');
const lines = (text: string) => text.trimEnd().split('\n');

describe('buildRunFiles', () => {
  const files = buildRunFiles(makeTinyRunResult());

  it('builds the six files of RESULTS.md', () => {
    expect(Object.keys(files).sort()).toEqual([...RUN_FILE_NAMES].sort());
  });

  it('writes every column RESULTS.md promises', () => {
    for (const [name, columns] of Object.entries(CONTRACT_COLUMNS)) {
      const got = header(files[name as keyof typeof files]);
      expect(
        columns.filter((c) => !got.includes(c)),
        name,
      ).toEqual([]);
    }
  });

  it('writes summary.json with the run facts, the hash and the KPIs (NaN as null)', () => {
    const summary = JSON.parse(files['summary.json']);
    expect(Object.keys(summary)).toEqual(CONTRACT_SUMMARY_KEYS);
    expect(summary).toEqual({
      scenario: 'tiny',
      title: 'Tiny, "hand-made"',
      seed: 3,
      start: '2024-11',
      months: 3,
      engineVersion: '0.0.0-test',
      resultHash: '0123456789abcdef',
      kpis: { closures: 1, mean_price_refine_member: 61.25, max_price_refine_member: null },
    });
    expect(files['summary.json'].endsWith('}\n')).toBe(true);
  });

  it('writes monthly.csv with month labels across a year end, empty NaN cells, no -0, and the mode last', () => {
    const rows = lines(files['monthly.csv']);
    const cols = header(files['monthly.csv']);
    expect(rows).toHaveLength(4);
    expect(cols[0]).toBe('month');
    expect(cols.at(-1)).toBe('dominant_mode');
    const cell = (r: number, name: string) => rows[r]!.split(',')[cols.indexOf(name)];
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['2024-11', '2024-12', '2025-01']);
    expect(rows.slice(1).map((r) => r.split(',').at(-1))).toEqual(['compete', 'flood', 'restrict']);
    expect(cell(1, 'price_refine_world')).toBe('60');
    expect(cell(2, 'price_refine_world')).toBe('60.333333');
    expect(cell(1, 'floor_refine')).toBe('0');
    expect(cell(1, 'floor_mine')).toBe('');
    expect(cell(3, 'closures')).toBe('1');
  });

  it('writes countries.csv rows only where a country is active in a stage', () => {
    expect(lines(files['countries.csv'])).toEqual([
      'month,country,stage,price,production,consumption,imports,exports,unmet,own_feed,recycling,stock_change,stock,cfd_paid_musd,cfd_received_musd',
      '2024-11,CHN,mine,,1000,0,0,0,0,1000,0,0,0,0,0',
      '2024-11,CHN,refine,58.123457,950.5,0,0,100,0,0,0,0,0,0,0',
      '2024-11,AUS,refine,61.25,0,100,100,0,0,0,0,0,0,0,0',
      '2024-12,CHN,mine,,1000,0,0,0,0,1000,0,0,0,0,0',
      '2024-12,CHN,refine,58.123457,950.5,0,0,100,0,0,0,0,0,0,0',
      '2024-12,AUS,refine,61.25,0,100,100,0,0,0,0,0,0,0,0',
      '2025-01,CHN,mine,,1000,0,0,0,0,1000,0,0,0,0,0',
      '2025-01,CHN,refine,58.123457,950.5,0,0,100,0,0,0,0,0,0,0',
      '2025-01,AUS,refine,61.25,0,100,100,0,0,0,0,0,0,0,0',
    ]);
  });

  it('writes facility_months.csv (run --facility-months): one row per facility and month, states by name', () => {
    expect(buildFacilityMonthsCsv(makeTinyRunResult())).toBe(
      'month,id,state,output_t,netback\n' +
        '2024-11,chn-1,operating,0,42.5\n' +
        '2024-11,aus-1,operating,0,42.5\n' +
        '2024-12,chn-1,operating,0,42.5\n' +
        '2024-12,aus-1,idle,0,42.5\n' +
        '2025-01,chn-1,operating,0,42.5\n' +
        '2025-01,aus-1,closed,0,42.5\n',
    );
  });

  it('writes flows.csv with stage names and country codes', () => {
    expect(files['flows.csv']).toBe(
      'month,stage,from,to,tonnes,value_musd,tariff_musd,origin,seller_price,buyer_price,transport_musd,rent_musd,' +
        'contract\n' +
        '2024-11,refine,CHN,AUS,100,6.125,0,CHN,61.25,61.25,0,0,\n' +
        '2025-01,refine,CHN,AUS,100,6.2,0.5,CHN,55,62,0.2,0,\n',
    );
  });

  it('writes facilities.csv with the final state, quoted names and empty months for never', () => {
    expect(files['facilities.csv']).toBe(
      'id,name,country,stage,owner,capacity_tpy,cash_cost,state_final,commissioned_month,closed_month,idle_months,' +
        'cash_final_musd\n' +
        'chn-1,"Baotou, No. 1",CHN,integrated,state,85000,9.5,operating,,,0,-12.345679\n' +
        'aus-1,Mt Weld,AUS,mine,private,12000,18.25,closed,2024-12,2025-01,1,0\n',
    );
  });

  it('writes events.csv with the rule, quoting details with commas, quotes and line breaks', () => {
    expect(files['events.csv']).toBe(
      'month,type,agent,country,detail,rule\n' +
        '2024-12,mode,dominant,CHN,"flood: rivals hold 31%, above 25%",4.4 flood\n' +
        '2025-01,closed,aus-1,AUS,"cash ""-210"" M$\nbelow -200",4.2 close\n',
    );
  });

  it('gives the same text for the same result', () => {
    expect(buildRunFiles(makeTinyRunResult())).toEqual(files);
  });

  it('throws when the buffers do not match the meta (an engine bug)', () => {
    const broken = makeTinyRunResult();
    broken.buffers.mode = new Uint8Array(2);
    expect(() => buildRunFiles(broken)).toThrow(/mode has 2 months/);
    const badState = makeTinyRunResult();
    badState.buffers.facState[5] = 42;
    expect(() => buildRunFiles(badState)).toThrow(/state code 42/);
  });
});

describe('encodeRunFiles', () => {
  it('encodes each file as UTF-8 in the listed order', () => {
    const files = buildRunFiles(makeTinyRunResult());
    const bytes = encodeRunFiles(files);
    expect([...bytes.keys()]).toEqual([...RUN_FILE_NAMES]);
    expect(new TextDecoder().decode(bytes.get('events.csv'))).toBe(files['events.csv']);
  });
});
