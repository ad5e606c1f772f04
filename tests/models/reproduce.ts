/**
 * The acceptance check "`npm run train` reproduces the committed model byte for byte; `npm run
 * eval:models` reproduces models/EVAL.md": runs both with VIGIL_MODELS_OUT pointing at a temporary
 * folder and compares every file they write with the committed one. Prints one JSON line; exits 1
 * on any difference, naming the files that differ.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const MODELS = path.join(ROOT, 'models');

function runScript(script: string, out: string): void {
  const r = spawnSync('npm', ['run', '--silent', script], {
    cwd: ROOT,
    env: { ...process.env, VIGIL_MODELS_OUT: out },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`npm run ${script} exited with ${String(r.status ?? r.signal)}`);
}

function main(): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-models-'));
  const started = Date.now();
  try {
    runScript('train', out);
    runScript('eval:models', out);
    const written = fs.readdirSync(out).sort();
    const differing = written.filter((file) => {
      const committed = path.join(MODELS, file);
      return (
        !fs.existsSync(committed) || !fs.readFileSync(committed).equals(fs.readFileSync(path.join(out, file)))
      );
    });
    // A model file committed but no longer produced would be a stale leftover: report it too.
    const stale = fs.readdirSync(MODELS).filter((f) => f.endsWith('.onnx') && !written.includes(f));
    const ok = written.length >= 3 && differing.length === 0 && stale.length === 0;
    console.log(
      JSON.stringify({
        check: 'models-reproduce',
        ok,
        written,
        differing,
        stale,
        seconds: +((Date.now() - started) / 1000).toFixed(1),
      }),
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main();
