import type { MetricLanguage } from './tracking-types.js';

const BY_EXTENSION: Record<string, MetricLanguage> = {
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
};

/** The language a file is measured as, from its extension; null when no parser handles it. */
export function metricLanguage(path: string): MetricLanguage | null {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return null;
  return BY_EXTENSION[path.slice(dot).toLowerCase()] ?? null;
}

export const SUPPORTED_EXTENSIONS = Object.keys(BY_EXTENSION);
