/** Infers languages and the package manager from the names of a project's top-level files. */

const PACKAGE_MANAGERS: [file: string, manager: string][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
  ['Pipfile.lock', 'pipenv'],
  ['Cargo.toml', 'cargo'],
  ['go.mod', 'go'],
  ['Gemfile', 'bundler'],
  ['composer.json', 'composer'],
  ['pom.xml', 'maven'],
  ['build.gradle', 'gradle'],
  ['build.gradle.kts', 'gradle'],
  ['mix.exs', 'mix'],
  ['Package.swift', 'swiftpm'],
  ['requirements.txt', 'pip'],
  ['pyproject.toml', 'pip'],
  ['package.json', 'npm'],
];

const LANGUAGE_MARKERS: [file: string, language: string][] = [
  ['tsconfig.json', 'TypeScript'],
  ['package.json', 'JavaScript'],
  ['Cargo.toml', 'Rust'],
  ['go.mod', 'Go'],
  ['pyproject.toml', 'Python'],
  ['requirements.txt', 'Python'],
  ['setup.py', 'Python'],
  ['Pipfile', 'Python'],
  ['Gemfile', 'Ruby'],
  ['pom.xml', 'Java'],
  ['build.gradle', 'Java'],
  ['build.gradle.kts', 'Kotlin'],
  ['composer.json', 'PHP'],
  ['mix.exs', 'Elixir'],
  ['Package.swift', 'Swift'],
  ['CMakeLists.txt', 'C/C++'],
  ['deno.json', 'TypeScript'],
];

const EXTENSIONS: Record<string, string> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  js: 'JavaScript',
  mjs: 'JavaScript',
  py: 'Python',
  rs: 'Rust',
  go: 'Go',
  rb: 'Ruby',
  java: 'Java',
  kt: 'Kotlin',
  cs: 'C#',
  php: 'PHP',
  swift: 'Swift',
  c: 'C/C++',
  cpp: 'C/C++',
  h: 'C/C++',
  ex: 'Elixir',
};

export interface ProjectStack {
  languages: string[];
  packageManager: string | null;
}

export function inferStack(fileNames: readonly string[]): ProjectStack {
  const names = new Set(fileNames);
  const languages: string[] = [];
  const add = (language: string) => {
    if (!languages.includes(language)) languages.push(language);
  };
  for (const [file, language] of LANGUAGE_MARKERS) if (names.has(file)) add(language);
  if (fileNames.some((name) => name.endsWith('.csproj') || name.endsWith('.sln'))) add('C#');
  const counts = new Map<string, number>();
  for (const name of fileNames) {
    const language = EXTENSIONS[name.split('.').pop() ?? ''];
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  for (const [language] of [...counts].sort((a, b) => b[1] - a[1])) add(language);
  if (languages.includes('TypeScript') && languages.includes('JavaScript')) {
    languages.splice(languages.indexOf('JavaScript'), 1);
  }
  const manager =
    PACKAGE_MANAGERS.find(([file]) => names.has(file))?.[1] ??
    (fileNames.some((name) => name.endsWith('.csproj')) ? 'dotnet' : null);
  return { languages, packageManager: manager };
}
