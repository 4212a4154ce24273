import { metricLanguage } from '../core/tracking/languages.js';
import type { FileMeasurement } from '../core/tracking/tracking-types.js';
import { measurePython } from './python-metrics.js';
import { measureTypeScript } from './typescript-metrics.js';

export type SourceMeasurement = { measured: FileMeasurement } | { skipped: string };

/** Measures one source text with the parser for its language; other languages are skipped with the reason. */
export async function measureSource(path: string, text: string): Promise<SourceMeasurement> {
  const language = metricLanguage(path);
  if (language === null) {
    return { skipped: 'unsupported language (measured: TypeScript, JavaScript, Python)' };
  }
  if (language === 'python') return { measured: await measurePython(text) };
  return { measured: await measureTypeScript(path, text, language) };
}
