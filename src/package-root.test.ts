import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distFile, packageRoot } from './package-root.js';

describe('packageRoot', () => {
  it('finds the folder of deja’s package.json from the sources', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
      name: string;
    };
    expect(manifest.name).toBe('deja');
  });

  it('names files of the compiled build', () => {
    expect(distFile('cli', 'main.js')).toBe(join(packageRoot(), 'dist', 'cli', 'main.js'));
    expect(existsSync(distFile('cli', 'main.js')), 'npm test builds first').toBe(true);
  });
});
