import { cpus, totalmem } from 'node:os';
import { benchMemoryScale } from './memory-scale.js';
import { benchQuery, benchRecord, benchStartup } from './throughput.js';

/** `npm run bench`: prints every figure; copy them into bench/RESULTS.md with the date and machine. */
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const out = (text: string) => process.stdout.write(`${text}\n`);

out(`deja benchmarks — ${new Date().toISOString()} — ${machine}`);
const startup = await benchStartup();
out(`${startup.name}: ${startup.line}   (target: fast enough not to notice; reference ~240 ms)`);
const record = await benchRecord();
out(`${record.name}: ${record.line}   (target ≥ 2,000 events/s, p50 ≤ 1 ms)`);
const floor = await benchRecord(5000, 'noop');
out(`${floor.name}: ${floor.line}   (the same client and calls against a server that does nothing)`);
const query = await benchQuery();
out(`${query.name}: ${query.line}   (target p50 ≤ 5 ms)`);
const memory = await benchMemoryScale();
for (const line of memory.lines) out(line);
