import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_MODULES, commandWord } from './program.js';

const topLevel = (program: Command) =>
  program.commands.flatMap((command) => [command.name(), ...command.aliases()]);

describe('the lazily loaded command line', () => {
  it('names, for each command module, exactly the top-level commands and aliases it registers', async () => {
    for (const module of COMMAND_MODULES) {
      const program = new Command('deja');
      (await module.load())(program);
      expect(topLevel(program)).toEqual(module.names);
    }
  });

  it('no two modules claim the same command', () => {
    const names = COMMAND_MODULES.flatMap((module) => module.names);
    expect(new Set(names).size).toBe(names.length);
  });

  it('finds the command word after global options and their values', () => {
    expect(commandWord(['search', 'auth'])).toBe('search');
    expect(commandWord(['--home', '/tmp/x', 'search', 'auth'])).toBe('search');
    expect(commandWord(['--log-level', 'debug', '--home=/tmp/x', 'memory', 'stats'])).toBe('memory');
    expect(commandWord(['--', 'status'])).toBe('status');
    expect(commandWord(['--version'])).toBeNull();
    expect(commandWord([])).toBeNull();
  });

  it('loads only the named command, every command for help or an unknown word, none for --version', async () => {
    expect(topLevel(await buildProgram(['--home', '/tmp/x', 'remind', 'list']))).toEqual([
      'reminders',
      'remind',
    ]);
    const all = COMMAND_MODULES.flatMap((module) => module.names);
    expect(topLevel(await buildProgram(['--help']))).toEqual(all);
    expect(topLevel(await buildProgram(['help', 'search']))).toEqual(all);
    expect(topLevel(await buildProgram(['serach']))).toEqual(all);
    expect(topLevel(await buildProgram([]))).toEqual(all);
    expect(topLevel(await buildProgram(['--version']))).toEqual([]);
  });
});
