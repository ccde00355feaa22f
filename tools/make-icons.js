#!/usr/bin/env node
// Draws the add-in icons (assets/icon-{16,32,64,80,128}.png) with nothing but Node's zlib:
// a teal rounded square holding a white ledger sheet (teal header row, ruled rows, a
// column rule). Run `node tools/make-icons.js` after changing the design; the PNGs are committed
// and the build never runs this script.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZES = [16, 32, 64, 80, 128];
const OUT_DIR = path.join(__dirname, '..', 'assets');

const TEAL = [0x03, 0x83, 0x87]; // Fluent "teal" (#038387)
const TEAL_DARK = [0x00, 0x5b, 0x70];
const WHITE = [0xff, 0xff, 0xff];
const RULE = [0x9f, 0xd8, 0xdb]; // light teal for the ruled rows

// ---- PNG encoding -------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

/** rgba: Uint8Array of width*height*4 bytes, row-major. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- drawing ------------------------------------------------------------------------------

/** Is (x, y) inside the rectangle [x0,x1)×[y0,y1) with corner radius r? */
function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/**
 * The icon as layers painted bottom to top, in pixel units for a size×size canvas. Edges are
 * snapped to whole pixels so the small sizes stay crisp; line widths never drop below 1 px.
 */
function layers(size) {
  const px = (f) => Math.round(f * size);
  const line = Math.max(1, Math.round(size / 20));
  const sheet = { x0: px(0.2), y0: px(0.16), x1: size - px(0.2), y1: size - px(0.16) };
  const header = Math.max(2, px(0.14));
  const out = [
    { colour: TEAL, x0: 0, y0: 0, x1: size, y1: size, r: size * 0.18 },
    { colour: WHITE, ...sheet, r: Math.max(0.5, size * 0.04) },
    // header row of the ledger
    { colour: TEAL_DARK, x0: sheet.x0, y0: sheet.y0, x1: sheet.x1, y1: sheet.y0 + header, r: 0 },
  ];
  // ruled rows below the header
  const rows = size <= 16 ? 2 : 3;
  const bodyTop = sheet.y0 + header;
  const step = (sheet.y1 - bodyTop) / (rows + 1);
  const inset = Math.max(1, px(0.06));
  for (let i = 1; i <= rows; i++) {
    const y = Math.round(bodyTop + i * step - line / 2);
    out.push({ colour: RULE, x0: sheet.x0 + inset, y0: y, x1: sheet.x1 - inset, y1: y + line, r: 0 });
  }
  // the column rule (a register's number column)
  const colX = sheet.x0 + Math.round((sheet.x1 - sheet.x0) * 0.3);
  out.push({ colour: RULE, x0: colX, y0: bodyTop, x1: colX + line, y1: sheet.y1 - inset, r: 0 });
  return out;
}

function draw(size) {
  const ss = 4; // 4×4 supersampling for anti-aliased corners
  const rgba = new Uint8Array(size * size * 4);
  const shapes = layers(size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = px + (sx + 0.5) / ss;
          const y = py + (sy + 0.5) / ss;
          let colour = null;
          for (const s of shapes) if (inRoundRect(x, y, s.x0, s.y0, s.x1, s.y1, s.r)) colour = s.colour;
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        // colours are averaged over covered samples only (un-premultiplied), alpha = coverage
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((255 * a) / (ss * ss));
      }
    }
  }
  return encodePng(size, size, rgba);
}

if (require.main === module) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(OUT_DIR, `icon-${size}.png`);
    const png = draw(size);
    fs.writeFileSync(file, png);
    console.log(`${path.relative(process.cwd(), file)}  ${size}×${size}  ${png.length} bytes`);
  }
}

module.exports = { draw, encodePng, crc32, SIZES };
