import { SwitchboardError } from '../core/index.ts';
import { ConfigError, UsageError } from './args.ts';
import { commands } from './commands.ts';
import { isTtsError } from '../media/tts/index.ts';

const USAGE = `Switchboard: a self-hostable programmable-voice platform (Twilio-compatible REST and TwiML over SIP/RTP).

Usage: switchboard <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join('\n')}

Run "switchboard <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    process.stdout.write(`${topic && commands[topic] ? commands[topic].help : USAGE}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`switchboard: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`switchboard ${name}: the configuration has problems:\n${e.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`switchboard ${name}: ${e.message}\nRun "switchboard ${name} --help" for usage.\n`);
      return 2;
    }
    if (e instanceof SwitchboardError) {
      process.stderr.write(`switchboard ${name}: ${e.message} (error ${e.code})\n`);
      return 1;
    }
    if (isTtsError(e)) {
      process.stderr.write(`switchboard ${name}: text-to-speech is not usable: ${e.message}. Install the engine, or choose the other one with --tts (espeak-ng | flite).\n`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      process.stderr.write(`switchboard ${name}: ${err.message}: another process uses that port; pick another with --http-port\n`);
      return 1;
    }
    process.stderr.write(`switchboard ${name}: ${err.stack ?? String(e)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`switchboard: ${String(e)}\n`);
    process.exit(1);
  },
);
