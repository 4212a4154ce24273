import { cpus, totalmem } from 'node:os';
import { benchHookSessionStart } from './hook.js';
import { benchHttpLoad } from './http-load.js';
import { benchMemoryScale } from './memory-scale.js';
import { benchSync } from './sync.js';
import { benchQuery, benchRecord, benchStartup } from './throughput.js';
import { benchTranscriptImport } from './transcript-import.js';

/** `npm run bench`: prints every figure; copy them into bench/RESULTS.md with the date and machine. */
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const out = (text: string) => process.stdout.write(`${text}\n`);

/** `npm run bench -- memory` (or startup, record, query, memory, import, hook, http, sync) runs only the parts named. */
const only = new Set(process.argv.slice(2));
const wanted = (part: string) => only.size === 0 || only.has(part);

out(`deja benchmarks — ${new Date().toISOString()} — ${machine}`);
if (wanted('startup')) {
  const startup = await benchStartup();
  out(`${startup.name}: ${startup.line}   (target: fast enough not to notice; reference ~240 ms)`);
}
if (wanted('record')) {
  const record = await benchRecord();
  out(`${record.name}: ${record.line}   (target ≥ 2,000 events/s, p50 ≤ 1 ms)`);
  const floor = await benchRecord(5000, 'noop');
  out(`${floor.name}: ${floor.line}   (the same client and calls against a server that does nothing)`);
}
if (wanted('query')) {
  const query = await benchQuery();
  out(`${query.name}: ${query.line}   (target p50 ≤ 5 ms)`);
}
if (wanted('memory')) {
  const memory = await benchMemoryScale();
  for (const line of memory.lines) out(line);
}
if (wanted('import')) {
  const transcripts = await benchTranscriptImport();
  for (const line of transcripts.lineTexts) out(line);
}
if (wanted('hook')) {
  const hook = await benchHookSessionStart();
  out(`${hook.name}: ${hook.line}   (target p95 ≤ 500 ms)`);
}
if (wanted('sync')) {
  // A first push and pull with PostgreSQL on this machine, then across a simulated 4 ms round trip.
  for (const latencyMs of [0, 4]) {
    const sync = await benchSync(
      latencyMs === 0 ? {} : { latencyMs, memories: 1000, events: 2000, entities: 500, sessions: 50 },
    );
    for (const line of sync.lines) out(line);
  }
}
if (wanted('http')) {
  const load = await benchHttpLoad();
  out(`${load.name}: ${load.line}   (target: zero errors)`);
}
