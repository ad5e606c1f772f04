// Draws Vigil's application icon (build/icon.png, 1024×1024 RGBA) without image tools: a dark
// rounded square holding a watchful eye, the tray's green as its iris. electron-builder derives the
// macOS .icns and the Windows .ico from it. Run `node build/make-icon.cjs` after changing it.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { deflateSync } = require('node:zlib');

const SIZE = 1024;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Coverage in [0, 1] of a pixel by a shape given as a signed distance (negative inside). */
const cover = (distance) => Math.max(0, Math.min(1, 0.5 - distance));

function roundedSquare(x, y) {
  const half = SIZE * 0.44;
  const radius = SIZE * 0.2;
  const dx = Math.max(Math.abs(x - SIZE / 2) - (half - radius), 0);
  const dy = Math.max(Math.abs(y - SIZE / 2) - (half - radius), 0);
  return Math.hypot(dx, dy) - radius;
}

/** The eye: the intersection of two discs offset vertically (a vesica). */
function eye(x, y) {
  const r = SIZE * 0.36;
  const offset = SIZE * 0.2;
  const c = SIZE / 2;
  return Math.max(Math.hypot(x - c, y - (c - offset)) - r, Math.hypot(x - c, y - (c + offset)) - r);
}

function pixel(x, y) {
  const c = SIZE / 2;
  const layers = [
    [roundedSquare(x, y), [13, 17, 23]],
    [eye(x, y), [230, 237, 243]],
    [Math.hypot(x - c, y - c) - SIZE * 0.13, [46, 160, 67]],
    [Math.hypot(x - c, y - c) - SIZE * 0.055, [13, 17, 23]],
  ];
  let rgb = [0, 0, 0];
  let alpha = 0;
  for (const [distance, colour] of layers) {
    const a = cover(distance);
    if (a === 0) continue;
    rgb = rgb.map((v, i) => v * (1 - a) + colour[i] * a);
    alpha = alpha * (1 - a) + a;
  }
  return [...rgb.map(Math.round), Math.round(alpha * 255)];
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
    const i = row + 1 + x * 4;
    raw[i] = r;
    raw[i + 1] = g;
    raw[i + 2] = b;
    raw[i + 3] = a;
  }
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(join(__dirname, 'icon.png'), png);
console.log(`build/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
