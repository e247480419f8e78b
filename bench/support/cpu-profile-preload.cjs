/**
 * Preloaded into a served ledger by `bench/http` (BENCH_PROFILE=1): the first SIGUSR2 starts
 * V8's CPU profiler, the second stops it and writes the profile to LEDGER_BENCH_PROFILE_FILE,
 * so a profile covers the load and nothing of the set-up.
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const session = new Session();
session.connect();
let profiling = false;
process.on('SIGUSR2', () => {
  if (!profiling) {
    profiling = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  profiling = false;
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(process.env.LEDGER_BENCH_PROFILE_FILE, JSON.stringify(result.profile));
    process.emit('ledger-bench-profile-written');
  });
});
