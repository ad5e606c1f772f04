/**
 * Command-line options of `vigil serve` (`npm run serve`). Parsing is strict: an unknown flag or a bad value is an
 * error with a message, never silently ignored (a typo in `--host` must not widen the binding).
 */
import { resolve } from 'node:path';
import { isLoopbackAddress } from './loopback';
import { defaultEngineDataDir } from './user-data';

export interface HostArgs {
  port: number;
  host: string;
  demo: boolean;
  dataDir: string;
  modelsDir: string | null;
  /** The user's own rule files; a rule there with a shipped rule's id replaces it. */
  rulesDir: string | null;
  userModelsDir: string | null;
  rendererDir: string;
  help: boolean;
}

export const DEFAULT_PORT = 3000;

export const USAGE = `Usage: vigil serve [options]      (from a checkout: npx vigil serve, or npm run serve -- [options])
  --port N          TCP port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR       loopback address to bind (default 127.0.0.1; only loopback is allowed)
  --demo            start the engine on the bundled demo source immediately
  --data-dir DIR    where the engine keeps its history (default: the platform's user-data
                    folder, e.g. ~/.config/Vigil/data; one engine per folder)
  --models-dir DIR  where the engine finds its ONNX models (default: the engine's own)
  --rules DIR       a folder of your own rule files (YAML/JSON); same id as a shipped rule replaces it
  --user-models DIR a folder of your own models (a manifest.json and .onnx files) for A/B experiments
  --renderer-dir DIR  the built UI to serve (default out/renderer, built by \`npm run build\`)
  --help            print this help
Environment: VIGIL_TOKEN sets the API token (at least 16 characters); otherwise one is generated.`;

export class ArgsError extends Error {}

function parsePort(raw: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535)
    throw new ArgsError(`--port expects 0-65535, got "${raw}"`);
  return Number(raw);
}

/**
 * Parses argv (without the node and script entries); `cwd` anchors the relative directories and
 * `defaultDataDir` is the data folder without `--data-dir` (the platform's user-data location).
 */
export function parseHostArgs(
  argv: readonly string[],
  cwd: string,
  repoRoot: string,
  defaultDataDir: string = defaultEngineDataDir(),
): HostArgs {
  const args: HostArgs = {
    port: DEFAULT_PORT,
    host: '127.0.0.1',
    demo: false,
    dataDir: resolve(cwd, defaultDataDir),
    modelsDir: null,
    rulesDir: null,
    userModelsDir: null,
    rendererDir: resolve(repoRoot, 'out/renderer'),
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined];
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new ArgsError(`${flag} expects a value`);
      return next;
    };
    switch (flag) {
      case '--port':
        args.port = parsePort(value());
        break;
      case '--host':
        args.host = value();
        break;
      case '--data-dir':
        args.dataDir = resolve(cwd, value());
        break;
      case '--models-dir':
        args.modelsDir = resolve(cwd, value());
        break;
      case '--rules':
        args.rulesDir = resolve(cwd, value());
        break;
      case '--user-models':
        args.userModelsDir = resolve(cwd, value());
        break;
      case '--renderer-dir':
        args.rendererDir = resolve(cwd, value());
        break;
      case '--demo':
        if (inlineValue !== undefined) throw new ArgsError('--demo takes no value');
        args.demo = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new ArgsError(`unknown option "${arg}"`);
    }
  }
  if (!isLoopbackAddress(args.host)) {
    throw new ArgsError(
      `refusing to bind to "${args.host}": the host exposes the engine to this machine only; ` +
        'use 127.0.0.1, ::1 or localhost (put a reverse proxy with its own authentication in front for remote access)',
    );
  }
  return args;
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}
