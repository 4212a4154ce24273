import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../support/git-repo.js';
import { type HttpHarness, startHttpServer } from '../support/http-server.js';

const CONFORMANCE = fileURLToPath(new URL('../../node_modules/.bin/conformance', import.meta.url));

/**
 * The scenarios of `@modelcontextprotocol/conformance server` that apply to
 * deja. The others need capabilities deja does not offer (logging,
 * completions, resources, prompts, sampling, elicitation) or the suite's own
 * test tools (images, audio, progress); docs/http.md lists them and why.
 */
const APPLICABLE = [
  'server-initialize',
  'ping',
  'tools-list',
  'tools-call-simple-text',
  'tools-call-error',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
];

/**
 * Every POST /mcp needs deja's token, which the conformance client cannot send:
 * a local proxy adds it and maps its own Host/Origin to the server's, passing
 * every other Host/Origin through unchanged so the DNS-rebinding scenario
 * still reaches deja's checks.
 */
function tokenProxy(target: HttpHarness): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const self = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      const headers = { ...req.headers, authorization: `Bearer ${target.token}` };
      if (headers.host === self || headers.host === self.replace('127.0.0.1', 'localhost'))
        headers.host = `127.0.0.1:${target.port}`;
      if (
        headers.origin === `http://${self}` ||
        headers.origin === `http://${self.replace('127.0.0.1', 'localhost')}`
      )
        headers.origin = `http://127.0.0.1:${target.port}`;
      const upstream = request(
        { host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp` }),
    );
  });
}

describe('MCP conformance over Streamable HTTP (@modelcontextprotocol/conformance)', () => {
  let deja: HttpHarness;
  let proxy: { server: Server; url: string };
  beforeAll(async () => {
    const user = tempHome();
    deja = await startHttpServer({
      home: tempHome(),
      userHome: user,
      cwd: user,
      env: { DEJA_TOOLS: 'full' },
    });
    proxy = await tokenProxy(deja);
  }, 60_000);
  afterAll(async () => {
    proxy?.server.close();
    await deja?.stop();
  });

  it.each(APPLICABLE)(
    'passes %s',
    async (scenario) => {
      // Asynchronous, so that this process keeps serving the proxy meanwhile.
      const output = await new Promise<string>((resolve) => {
        const child = spawn(
          CONFORMANCE,
          ['server', '--url', proxy.url, '--scenario', scenario, '--verbose'],
          {
            env: { ...process.env, NO_COLOR: '1' },
          },
        );
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        child.on('exit', () => resolve(text));
      });
      const statuses = [...output.matchAll(/"status":\s*"([A-Z]+)"/g)].map((match) => match[1]);
      expect(statuses.length, output).toBeGreaterThan(0);
      expect(
        statuses.filter((status) => status === 'FAILURE'),
        output,
      ).toEqual([]);
    },
    120_000,
  );
});
