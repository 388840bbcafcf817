// Preloaded into the processes the benchmark measures (`node --require rss-probe.cjs ...`): on exit,
// writes the process's peak resident set size (KiB, worker threads included) to the file named by
// SWITCHBOARD_BENCH_RSS.
'use strict';
const fs = require('node:fs');
const out = process.env.SWITCHBOARD_BENCH_RSS;
if (out) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(out, String(process.resourceUsage().maxRSS));
    } catch {
      // the benchmark reports a missing figure
    }
  });
}
