import pkg from '../../package.json' with {type: 'json'};
import {DEMO_SERVER_FLAGS, MONITOR_FLAGS, helpText, parseFlags} from './args.js';
import {resolveSettings} from './config.js';
import {report} from './report.js';
import {runDemoServer, runMonitor} from './modes.js';

export const VERSION: string = pkg.version;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let key: string | null = null;
  try {
    if (argv[0] === 'demo-server') {
      const flags = parseFlags(argv.slice(1), DEMO_SERVER_FLAGS);
      if (flags.help) {
        process.stdout.write(helpText(VERSION));
        return 0;
      }
      return await runDemoServer(flags);
    }
    const flags = parseFlags(argv, MONITOR_FLAGS);
    if (flags.help) {
      process.stdout.write(helpText(VERSION));
      return 0;
    }
    if (flags.version) {
      process.stdout.write(`dftop ${VERSION}\n`);
      return 0;
    }
    const settings = resolveSettings(flags, env);
    key = settings.apiKey;
    for (const warning of settings.warnings) process.stderr.write(`dftop: warning: ${warning}\n`);
    return await runMonitor(settings, env, VERSION);
  } catch (error) {
    return report(error, key, env, process.stderr);
  }
}

