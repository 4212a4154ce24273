import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino } from 'pino';
import type { DejaConfig } from './config.js';

export type Logger = pino.Logger;

/**
 * Logs go to stderr (fd 2) or to the configured file, never to stdout: in
 * stdio mode stdout carries the MCP protocol.
 */
export function createLogger(config: Pick<DejaConfig, 'logLevel' | 'logFile'>): Logger {
  if (config.logFile) mkdirSync(dirname(config.logFile), { recursive: true });
  const destination = pino.destination({ dest: config.logFile ?? 2, sync: true });
  return pino({ level: config.logLevel, base: { pid: process.pid }, name: 'deja' }, destination);
}
