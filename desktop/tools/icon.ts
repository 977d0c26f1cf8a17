// SPDX-License-Identifier: MIT
// The app icon, drawn at build time (a ring of three linked nodes on a dark tile) so the repository
// carries no binary image. electron-builder derives .icns/.ico from this 512×512 PNG.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** Distance from point (px, py) to the segment a–b. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** An RGBA PNG of `size`×`size` pixels. Deterministic: the same size gives the same bytes. */
export function createIconPng(size = 512): Buffer {
  const s = size / 512;
  const nodes: [number, number][] = [
    [256 * s, 120 * s],
    [138 * s, 350 * s],
    [374 * s, 350 * s],
  ];
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const corner = 96 * s;
      const cx = Math.max(corner, Math.min(size - corner, x));
      const cy = Math.max(corner, Math.min(size - corner, y));
      const inTile = Math.hypot(x - cx, y - cy) <= corner;
      let rgba: [number, number, number, number] = inTile ? [16, 20, 24, 255] : [0, 0, 0, 0];
      if (inTile) {
        const onLink = nodes.some((a, i) => {
          const b = nodes[(i + 1) % nodes.length] as [number, number];
          return segmentDistance(x, y, a[0], a[1], b[0], b[1]) < 14 * s;
        });
        const onNode = nodes.some(([nx, ny]) => Math.hypot(x - nx, y - ny) < 48 * s);
        if (onLink || onNode) rgba = [46, 196, 182, 255];
      }
      raw[o] = rgba[0];
      raw[o + 1] = rgba[1];
      raw[o + 2] = rgba[2];
      raw[o + 3] = rgba[3];
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
