import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { analyzeDocument, analyzeQuery, stem } from './analyze.js';

describe('analysis for the lexical index', () => {
  it('stems inflections onto one token', () => {
    expect(analyzeDocument('caching')).toEqual(analyzeDocument('cached'));
    expect(analyzeDocument('Running runs')).toEqual(['run', 'run']);
    expect(analyzeQuery('caching')).toEqual(analyzeQuery('cached'));
  });

  it('memoises the stemmer without changing its answer', () => {
    for (const word of ['configuration', 'configuration', 'files', 'parseconfigfile']) {
      expect(stem(word)).toBe(stemmer(word));
    }
  });

  it('adds identifier parts and the joined form, stemmed, after the original words', () => {
    expect(analyzeDocument('call parseConfigFile')).toEqual([
      'call',
      'parseconfigfil',
      'pars',
      'config',
      'file',
      'parseconfigfil',
    ]);
    expect(analyzeDocument('max_retry_count = 3')).toEqual(['max', 'retri', 'count', '3', 'maxretrycount']);
  });

  it('keeps every document token, stopwords and repeats included', () => {
    expect(analyzeDocument('the cache and the cache')).toEqual(['the', 'cach', 'and', 'the', 'cach']);
    expect(analyzeDocument('')).toEqual([]);
  });

  it('lowercases and strips diacritics', () => {
    expect(analyzeDocument('Café NAÏVE Über')).toEqual(['cafe', 'naiv', 'uber']);
    expect(analyzeQuery('café')).toEqual(analyzeQuery('CAFE'));
  });

  it('drops query stopwords, deduplicates after stemming, keeps the order', () => {
    expect(analyzeQuery('what is the config file parse')).toEqual(['config', 'file', 'pars']);
    expect(analyzeQuery('cached caching cache files')).toEqual(['cach', 'file']);
    expect(analyzeQuery('parseConfigFile')).toEqual(['pars', 'config', 'file', 'parseconfigfil']);
    expect(analyzeQuery('  ...  ')).toEqual([]);
  });

  it('keeps stopwords when a query has nothing else', () => {
    expect(analyzeQuery('what is this')).toEqual(['what', 'is', 'thi']);
  });
});
