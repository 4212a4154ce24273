import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { DEJA_BIN } from './paths.js';

export interface HttpHarness {
  url: string;
  port: number;
  token: string;
  home: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/**
 * A real `deja serve --http --port 0` child process; resolves once it prints
 * the address it bound (stderr), with the token it created in DEJA_HOME.
 */
export async function startHttpServer(options: {
  home: string;
  userHome: string;
  cwd: string;
  args?: string[];
  env?: Record<string, string>;
}): Promise<HttpHarness> {
  const child = spawn(
    process.execPath,
    [DEJA_BIN, 'serve', '--http', '--port', '0', ...(options.args ?? [])],
    {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: options.userHome,
        DEJA_HOME: options.home,
        DEJA_USER_HOME: options.userHome,
        DEJA_LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`deja serve --http did not start:\n${stderr}`)), 20_000);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      const match = stderr.match(/listening on (http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`deja serve --http exited with ${code}:\n${stderr}`));
    });
  });
  const token = readFileSync(join(options.home, 'http-token'), 'utf8').trim();
  return {
    url,
    port: Number(new URL(url).port),
    token,
    home: options.home,
    child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request with full control over the path (sent as is, no URL
 * normalisation) and over headers fetch would not let a caller set (Host).
 */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}
