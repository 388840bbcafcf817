// Preloaded into the processes the benchmark measures (`node --require rss-probe.cjs ...`): on exit,
// writes the process's peak resident set size (KiB) and CPU time (user and system, microseconds),
// worker threads included, as JSON to the file named by SWITCHBOARD_BENCH_RSS.
'use strict';
const fs = require('node:fs');
const out = process.env.SWITCHBOARD_BENCH_RSS;
if (out) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      fs.writeFileSync(out, JSON.stringify({ maxRSS: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime }));
    } catch {
      // the benchmark reports a missing figure
    }
  });
}
