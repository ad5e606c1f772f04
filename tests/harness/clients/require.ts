/**
 * The producer tests need real clients installed from Debian packages. When one is missing, the
 * test fails with a message naming the package to install (.ci/run installs them on CI).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export class MissingClientError extends Error {}

/** The absolute path of `command` on PATH (also /usr/sbin, where Debian puts rsyslogd), or throws. */
export function requireCommand(command: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  throw new MissingClientError(
    `${command} is not installed: install the Debian package "${debianPackage}" ` +
      `(apt-get install ${debianPackage}; .ci/run installs it on CI)`,
  );
}

/** rsyslog's module directory holding omkafka.so (Debian's rsyslog-kafka), or throws. */
export function requireRsyslogModule(module: string, debianPackage: string): string {
  const dirs = ['/usr/lib/rsyslog', ...multiarchDirs().map((dir) => path.join(dir, 'rsyslog'))];
  for (const dir of dirs) {
    if (existsSync(path.join(dir, `${module}.so`))) return dir;
  }
  throw new MissingClientError(
    `rsyslog's ${module} module is not installed (looked in ${dirs.join(', ')}): install the Debian ` +
      `package "${debianPackage}" (apt-get install ${debianPackage}; .ci/run installs it on CI)`,
  );
}

function multiarchDirs(): string[] {
  try {
    return readdirSync('/usr/lib')
      .filter((name) => name.endsWith('-linux-gnu'))
      .map((name) => path.join('/usr/lib', name));
  } catch {
    return [];
  }
}
