/**
 * The three service definitions deja generates: a systemd user unit, a
 * launchd agent and a Windows Task Scheduler task. Pure text generators.
 */

export interface ServiceSpec {
  /** The Node binary. */
  node: string;
  /** dist/cli/main.js */
  cli: string;
  /** The data folder, always passed explicitly (a service's environment may differ from the shell's). */
  home: string;
  /** deja's arguments after the global options, e.g. ['serve', '--http']. */
  args: string[];
  /** launchd: where stdout and stderr go. */
  logFile: string;
}

export const SERVICE_LABEL = 'dev.deja';
export const SYSTEMD_UNIT = 'deja.service';
export const TASK_NAME = 'deja';

const MARK = 'Written by `deja service install`; `deja service uninstall` removes it.';

function argv(spec: ServiceSpec): string[] {
  return [spec.node, spec.cli, '--home', spec.home, ...spec.args];
}

/** One word of an ExecStart= line: quoted when needed; % and $ escaped (systemd expands them). */
function systemdWord(word: string): string {
  const quoted = /^[A-Za-z0-9_@+=:,./-]+$/.test(word)
    ? word
    : `"${word.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  return quoted.replaceAll('%', '%%').replaceAll('$', '$$$$');
}

export function systemdUnit(spec: ServiceSpec): string {
  return [
    `# ${MARK}`,
    '[Unit]',
    'Description=deja: session memory for AI coding assistants (HTTP server)',
    'After=network.target',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${argv(spec).map(systemdWord).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

/** Escapes element text (no attributes carry user text). */
function xml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function launchdPlist(spec: ServiceSpec): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- ${MARK} -->`,
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${SERVICE_LABEL}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...argv(spec).map((word) => `    <string>${xml(word)}</string>`),
    '  </array>',
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <key>KeepAlive</key>',
    '  <dict>',
    '    <key>SuccessfulExit</key>',
    '    <false/>',
    '  </dict>',
    '  <key>ProcessType</key>',
    '  <string>Background</string>',
    '  <key>StandardOutPath</key>',
    `  <string>${xml(spec.logFile)}</string>`,
    '  <key>StandardErrorPath</key>',
    `  <string>${xml(spec.logFile)}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

/** Quotes one argument for a Windows command line (CommandLineToArgvW rules). */
export function windowsArg(word: string): string {
  if (word !== '' && !/[\s"]/.test(word)) return word;
  let out = '"';
  let slashes = 0;
  for (const c of word) {
    if (c === '\\') slashes++;
    else if (c === '"') {
      out += `${'\\'.repeat(slashes * 2 + 1)}"`;
      slashes = 0;
    } else {
      out += `${'\\'.repeat(slashes)}${c}`;
      slashes = 0;
    }
  }
  return `${out}${'\\'.repeat(slashes * 2)}"`;
}

/**
 * Task Scheduler: run at logon, restart on failure, no time limit. Written as
 * UTF-8; `deja service start` registers a UTF-16 copy (what schtasks expects).
 */
export function taskSchedulerXml(spec: ServiceSpec): string {
  const [command, ...rest] = argv(spec);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${MARK} -->`,
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    '    <Description>deja: session memory for AI coding assistants (HTTP server)</Description>',
    `    <URI>\\${TASK_NAME}</URI>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <LogonTrigger>',
    '      <Enabled>true</Enabled>',
    '    </LogonTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    '      <LogonType>InteractiveToken</LogonType>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>',
    '    <RestartOnFailure>',
    '      <Interval>PT1M</Interval>',
    '      <Count>3</Count>',
    '    </RestartOnFailure>',
    '    <Hidden>true</Hidden>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${xml(command as string)}</Command>`,
    `      <Arguments>${xml(rest.map(windowsArg).join(' '))}</Arguments>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\n');
}

/** The XML as schtasks wants it: UTF-16 little-endian with a byte-order mark. */
export function toUtf16Task(text: string): Buffer {
  const body = text.replace('encoding="UTF-8"', 'encoding="UTF-16"');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
}

/** Splits `--command` text into words: whitespace-separated, with "double" or 'single' quotes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(pattern)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? match[3] ?? ''));
  }
  return words;
}
