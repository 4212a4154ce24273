import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { tempDir } from './seed-store.js';
import { ms, summarise } from './stats.js';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Starts `deja serve --http --port 0` and resolves with its address once it prints it. */
async function startServer(home: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--http', '--port', '0'], {
    cwd: home,
    // No background transcript import: the load is the MCP calls alone, whatever transcripts this machine holds.
    env: {
      PATH: process.env.PATH ?? '',
      DEJA_HOME: home,
      DEJA_LOG_LEVEL: 'warn',
      DEJA_TOOLS: 'core',
      DEJA_WATCH_TRANSCRIPTS: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`deja serve --http exited with ${code}: ${text}`)));
  });
  return { child, url };
}

/**
 * `clients` MCP clients over Streamable HTTP, at once, each making `calls` tool
 * calls in sequence (memory_store and search alternately): errors, throughput
 * and the latency of every call.
 */
export async function benchHttpLoad(clients = 20, calls = 500) {
  const home = tempDir('deja-bench-http-');
  const { child, url } = await startServer(home);
  const token = readFileSync(join(home, 'http-token'), 'utf8').trim();
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const client = new Client({ name: `load-${c}`, version: '1.0.0' });
        const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        });
        await client.connect(transport);
        for (let i = 0; i < calls; i++) {
          const t0 = performance.now();
          const result =
            i % 2 === 0
              ? await client.callTool({
                  name: 'memory_store',
                  arguments: {
                    content: `client ${c} note ${i}: retry uploads with backoff ${c * calls + i}`,
                    project: 'load',
                  },
                })
              : await client.callTool({
                  name: 'search',
                  arguments: { query: `uploads backoff ${c}`, project: 'load', limit: 5 },
                });
          latencies.push(performance.now() - t0);
          if (result.isError) errors++;
        }
        await transport.terminateSession().catch(() => undefined);
        await client.close();
      }),
    );
  } finally {
    child.kill('SIGTERM');
  }
  const seconds = (performance.now() - started) / 1000;
  const stats = summarise(latencies);
  return {
    name: `HTTP MCP load, ${clients} clients × ${calls} calls (memory_store / search)`,
    line: `${latencies.length} calls, ${errors} errors, ${Math.round(latencies.length / seconds)} calls/s; p50 ${ms(stats.p50)}, p95 ${ms(stats.p95)}, max ${ms(stats.max)}`,
    errors,
  };
}
