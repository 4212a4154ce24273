import type { SearchOutput } from './search.js';

/** A plain-text rendering of a search answer, for clients that show only text and for the CLI. */
export function formatSearch(output: SearchOutput): string {
  if (output.metrics) {
    const m = output.metrics;
    return [
      `Searches: ${m.searches} (${m.zeroResults} with no result); p50 ${m.p50Ms ?? '-'} ms, p95 ${m.p95Ms ?? '-'} ms`,
      `Indexed documents: ${m.indexedDocuments}; waiting to be indexed: ${m.pendingDocuments}`,
      m.embedding
        ? `Embeddings (${m.embedding.embedderId}): ${m.embedding.embedded}/${m.embedding.total}${m.embedding.running ? ', embedding now' : ''}${m.embedding.lastError ? `; last error: ${m.embedding.lastError}` : ''}`
        : 'Embeddings: none (lexical search only)',
      `By mode: ${
        Object.entries(m.byMode)
          .map(([mode, n]) => `${mode} ${n}`)
          .join(', ') || '-'
      }`,
    ].join('\n');
  }
  if (output.suggestions) {
    return output.suggestions.length ? output.suggestions.join('\n') : 'No suggestions.';
  }
  const lines: string[] = [];
  const filter = output.time_filter
    ? ` between ${output.time_filter.since ?? 'the beginning'} and ${output.time_filter.until ?? 'now'}`
    : '';
  if (output.summary) {
    lines.push(`${output.total ?? 0} matches for "${output.query}"${filter}.`);
    for (const [facet, counts] of Object.entries(output.summary)) {
      const entries = Object.entries(counts as Record<string, number>);
      if (entries.length) lines.push(`${facet}: ${entries.map(([key, n]) => `${key} ${n}`).join(', ')}`);
    }
    return lines.join('\n');
  }
  if (output.results.length === 0) return `No results for "${output.query}"${filter}.`;
  const count = output.total !== null ? `${output.total} matches` : `${output.results.length} results`;
  lines.push(`${count} for "${output.query}"${filter}:`);
  output.results.forEach((result, index) => {
    const where = [result.project, result.created_at.slice(0, 10)].filter(Boolean).join(', ');
    const title = result.title ? `${result.title}: ` : '';
    lines.push(
      `${index + 1}. [${result.source}/${result.kind}] ${title}${result.snippet} (${where}; id ${result.id})`,
    );
    if (result.resolution)
      lines.push(`   resolved by [${result.resolution.kind}] ${result.resolution.snippet}`);
  });
  if (output.next_cursor) lines.push(`More: pass cursor ${output.next_cursor}`);
  return lines.join('\n');
}
