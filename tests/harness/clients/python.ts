/**
 * Python's logging as a producer: Debian's python3 runs python/vigil_python_client.py, which logs a
 * plan through python-json-logger (Debian `python3-pythonjsonlogger`) or structlog (Debian
 * `python3-structlog`) into a file, one JSON document per line, as an application writes its
 * stdout; kcat then puts each line on Kafka. Tracebacks are real (a socket read that timed out).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MissingClientError } from './require';
import { runToEnd, tempDir } from './process';

/** Debian's interpreter, where the Debian packages of the libraries are importable. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'python', 'vigil_python_client.py');
const RUN_TIMEOUT_MS = 30_000;

export type PythonFormat = 'json-logger' | 'structlog';
export type PythonException = 'timeout' | 'wrapped' | null;

export interface PythonEvent {
  level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
  logger: string;
  message: string;
  exception: PythonException;
}

const PACKAGES: Record<PythonFormat, { module: string; distribution: string; debian: string }> = {
  'json-logger': {
    module: 'pythonjsonlogger',
    distribution: 'python-json-logger',
    debian: 'python3-pythonjsonlogger',
  },
  structlog: { module: 'structlog', distribution: 'structlog', debian: 'python3-structlog' },
};

/** `python-json-logger 2.0.1 (Python 3.11.2)`; throws naming the Debian package when it is missing. */
export function pythonLibraryVersion(format: PythonFormat): string {
  const { module, distribution, debian } = PACKAGES[format];
  const script = `import ${module}, sys; from importlib.metadata import version; print(version("${distribution}"), sys.version.split()[0])`;
  try {
    const [library, python] = execFileSync(PYTHON, ['-c', script], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: 'pipe',
    })
      .trim()
      .split(' ');
    return `${distribution} ${library} (Python ${python})`;
  } catch {
    throw new MissingClientError(
      `${distribution} for ${PYTHON} is not installed: install the Debian package "${debian}" ` +
        `(apt-get install ${debian}; .ci/run installs it on CI)`,
    );
  }
}

/** Logs the plan and returns the lines the library wrote, one JSON document each. */
export async function runPythonClient(format: PythonFormat, plan: readonly PythonEvent[]): Promise<string[]> {
  pythonLibraryVersion(format);
  const temp = tempDir('vigil-python-');
  try {
    const planFile = path.join(temp.dir, 'plan.tsv');
    const outFile = path.join(temp.dir, 'out.jsonl');
    writeFileSync(
      planFile,
      plan.map((e) => `${e.level}\t${e.logger}\t${e.message}\t${e.exception ?? '-'}\n`).join(''),
    );
    // Python names the main script by its absolute path in tracebacks; compiled under its bare
    // name instead, the tracebacks (and so the fixtures) are the same on every machine.
    const launch = `exec(compile(open(${JSON.stringify(SCRIPT)}).read(), "vigil_python_client.py", "exec"), {"__name__": "__main__"})`;
    await runToEnd('Python client', PYTHON, ['-c', launch, format, planFile, outFile], {
      timeoutMs: RUN_TIMEOUT_MS,
      guardDir: temp.dir,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', TZ: 'UTC' },
    });
    const lines = readFileSync(outFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    if (lines.length !== plan.length) {
      throw new Error(`the Python client wrote ${lines.length} lines for ${plan.length} events`);
    }
    return lines;
  } finally {
    temp.release();
  }
}
