import { describe, expect, it } from 'vitest';
import { camelParts, extraTerms, indexText, queryTerms, words } from './tokenize.js';

describe('code-aware tokenisation', () => {
  it.each([
    ['parseConfigFile', ['parse', 'config', 'file']],
    ['HTTPServer', ['http', 'server']],
    ['getHTTPResponse2xx', ['get', 'http', 'response', '2', 'xx']],
    ['plain', []],
    ['UPPER', []],
  ])('camelParts(%s)', (word, parts) => {
    expect(camelParts(word)).toEqual(parts);
  });

  it.each([
    ['parseConfigFile()', ['parse', 'config', 'file', 'parseconfigfile']],
    ['max_retry_count = 3', ['maxretrycount']],
    ['see src/store/sqlite-store.ts', ['srcstoresqlitestorets']],
    ['os.path.join', ['ospathjoin']],
    ['SqliteStore.appendEvent', ['sqlite', 'store', 'append', 'event', 'sqlitestoreappendevent']],
    ['just words here', []],
  ])('extraTerms(%s)', (text, extras) => {
    expect(extraTerms(text)).toEqual(extras);
  });

  it('keeps the original text and appends the extra terms', () => {
    expect(indexText('call parseConfigFile')).toBe('call parseConfigFile\nparse config file parseconfigfile');
    expect(indexText('nothing special')).toBe('nothing special');
  });

  it('lowercases and strips diacritics like the index tokenizer', () => {
    expect(words('Café Über-cool naïve_x')).toEqual(['cafe', 'uber', 'cool', 'naive', 'x']);
  });

  it('drops stopwords from queries but keeps them when nothing else is left', () => {
    expect(queryTerms('what is the config file parse').terms).toEqual(['config', 'file', 'parse']);
    expect(queryTerms('what is this')).toEqual({ terms: ['what', 'is', 'this'], onlyStopwords: true });
    expect(queryTerms('  ...  ')).toEqual({ terms: [], onlyStopwords: false });
  });

  it('gives identifier queries their parts and joined form', () => {
    expect(queryTerms('parseConfigFile').terms).toEqual(['parse', 'config', 'file', 'parseconfigfile']);
    expect(queryTerms('sqlite-store.ts').terms).toEqual(['sqlitestorets', 'sqlite', 'store', 'ts']);
  });
});
