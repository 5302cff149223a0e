/** The command forms, printed after a usage error. */
export const SYNOPSIS = `Usage:
  chokepoint run <scenario.json | preset-id> --out <dir> [--seed N] [--months N] [--set path=value]... [--facility-months]
  chokepoint run --link '#v1.…' --out <dir> [--seed N] [--months N] [--set path=value]...
  chokepoint link <scenario.json | preset-id> [--seed N] [--months N] [--set path=value]...
  chokepoint sweep <scenario.json | preset-id> --out <dir> --runs N [--vary path=from:to:steps]... [--workers K]
                   [--shard i/n] [--seed N] [--months N] [--set path=value]...
  chokepoint merge <shard-dir>... --out <dir>
  chokepoint validate <scenario.json | preset-id>
  chokepoint presets
`;

/** The text of `chokepoint --help`. The hidden `schema` command (prints the scenario JSON Schema) is left out. */
export const USAGE = `${SYNOPSIS}
Commands:
  run        Run a scenario and write summary.json, monthly.csv, countries.csv, flows.csv, facilities.csv and
             events.csv into <dir>. The folder appears whole or not at all. A folder chokepoint wrote before (it
             holds a .chokepoint-run marker) is replaced; any other non-empty folder is refused.
  validate   Check a scenario; print "ok: <title>", or one "path: message" line per problem and exit 1.
  presets    List the presets in scenarios/: id <TAB> title.
  sweep      Run N seeds (from --seed, or the scenario's, upwards) of every point of a grid (--vary) on a pool of
             worker threads; write sweep.json (the plan), runs.csv (one row per run: seed, varied values, KPIs,
             resultHash), bands.csv (p5..p95 per month and metric) and badges.csv (robustness sentences). The
             results do not depend on --workers. With --shard i/n, run only runs i-1, i-1+n, … and write sweep.json,
             runs.csv and monthly-runs.bin for merge. Runs go to disk as they finish (about 0.45 MB a run at
             1200 months), so memory stays flat whatever --runs.
  merge      Combine all the shards of a sweep into the files the unsharded sweep writes, byte for byte.
  link       Run a scenario and print its share link (a URL fragment, "#v1.…"): the preset it starts from, only the
             settings that differ, the seed and a short hash of the results. A file must "extends" a preset or have
             a preset's "id". Warns on stderr when the link is over 2,000 characters.

Options:
  --out <dir>          Folder for the result files (run, sweep, merge).
  --facility-months    Also write facility_months.csv (run): month, id, state, output_t, netback per facility and month.
  --link '#v1.…'       Run a share link instead of a scenario (run); warns if its result hash is not reproduced.
  --seed N             Seed, an integer 0..2147483647 (default: the scenario's).
  --months N           Horizon in months, 12..1200 (default: the scenario's).
  --set path=value     Change one field after loading, e.g. --set zone.floor.refine=60 --set dominant.strategy=adaptive
                       (the value is JSON; a bare word is a string). Repeatable; applied in order.
  --runs N             Seeds per grid point (sweep), 1..10000; all points use the same seeds.
  --vary path=a:b:n    Vary a numeric field over n evenly spaced values from a to b (sweep), e.g.
                       --vary zone.floor.refine=40:80:5. Repeatable; the grid is every combination.
  --workers K          Worker threads (sweep; default: the machine's cores).
  --shard i/n          Run only shard i of n and write it for merge (sweep).
  -h, --help           Show this help.

A scenario argument ending in .json, or naming an existing file, is read as a file; anything else is a preset id.
Exit codes: 0 done, 1 bad input (the problems are printed with their paths), 2 internal error.
`;
