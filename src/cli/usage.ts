/** The command forms, printed after a usage error. */
export const SYNOPSIS = `Usage:
  chokepoint run <scenario.json | preset-id> --out <dir> [--seed N] [--months N] [--set path=value]...
  chokepoint validate <scenario.json | preset-id>
  chokepoint presets
`;

/** The text of `chokepoint --help`. The hidden `schema` command (prints the scenario JSON Schema) is left out. */
export const USAGE = `${SYNOPSIS}
Commands:
  run        Run a scenario and write summary.json, monthly.csv, countries.csv, flows.csv, facilities.csv and
             events.csv into <dir>. The folder appears whole or not at all; an earlier run's folder is replaced.
  validate   Check a scenario; print "ok: <title>", or one "path: message" line per problem and exit 1.
  presets    List the presets in scenarios/: id <TAB> title.

Options:
  --out <dir>          Folder for the result files (run).
  --seed N             Seed, an integer 0..2147483647 (default: the scenario's).
  --months N           Horizon in months, 12..1200 (default: the scenario's).
  --set path=value     Change one field after loading, e.g. --set zone.floor.refine=60 --set dominant.strategy=adaptive
                       (the value is JSON; a bare word is a string). Repeatable; applied in order.
  -h, --help           Show this help.

A scenario argument ending in .json, or naming an existing file, is read as a file; anything else is a preset id.
Exit codes: 0 done, 1 bad input (the problems are printed with their paths), 2 internal error.
`;
