// favicon.ico: the site's icon (templates/assets/favicon.svg) as the 16×16 icon browsers ask
// for at the site's root when a page names none (feed readers, old browsers, direct visits to
// a file). Drawn in code from the same shapes (in darker colours, see below), so the build
// writes it without any image tool.
//
// Eleventy writes what a template returns as UTF-8 text, so every byte of the file is below
// 0x80 and reads as itself: a 24-bit bitmap (no alpha byte, which would be 0xFF) in colours
// whose channels stay below 0x80, opaque (an all-zero AND mask).

const SIZE = 16;
type Rgb = readonly [number, number, number];

const BACKGROUND: Rgb = [0x0c, 0x22, 0x48];
const REMOVED: Rgb = [0x7f, 0x38, 0x30];
const ADDED: Rgb = [0x30, 0x7a, 0x40];

/** The colour at pixel (x, y), counted from the top left, as favicon.svg draws it. */
function pixel(x: number, y: number): Rgb {
  if (x >= 3 && x < 13 && y >= 4 && y < 7) return REMOVED;
  if (x >= 3 && x < 13 && y >= 9 && y < 12) return ADDED;
  return BACKGROUND;
}

/** An ICO file holding one 16×16, 24-bit bitmap, as text (every byte below 0x80). */
export function faviconIco(): string {
  const pixels = SIZE * SIZE * 3; // rows of 48 bytes: a multiple of 4, so no padding
  const mask = SIZE * 4; // one bit a pixel, each row padded to 32 bits
  const image = 40 + pixels + mask;
  const out = Buffer.alloc(6 + 16 + image);
  out.writeUInt16LE(0, 0); // reserved
  out.writeUInt16LE(1, 2); // an icon
  out.writeUInt16LE(1, 4); // one image
  out.writeUInt8(SIZE, 6);
  out.writeUInt8(SIZE, 7);
  out.writeUInt16LE(1, 10); // colour planes
  out.writeUInt16LE(24, 12); // bits per pixel
  out.writeUInt32LE(image, 14);
  out.writeUInt32LE(22, 18); // where the image starts
  const at = 22;
  out.writeUInt32LE(40, at); // BITMAPINFOHEADER
  out.writeInt32LE(SIZE, at + 4);
  out.writeInt32LE(SIZE * 2, at + 8); // the colours and the mask
  out.writeUInt16LE(1, at + 12);
  out.writeUInt16LE(24, at + 14);
  out.writeUInt32LE(pixels + mask, at + 20);
  // Rows bottom up, each pixel blue, green, red; the mask stays all zero.
  for (let row = 0; row < SIZE; row++) {
    const y = SIZE - 1 - row;
    for (let x = 0; x < SIZE; x++) {
      const [r, g, b] = pixel(x, y);
      const offset = at + 40 + (row * SIZE + x) * 3;
      out.writeUInt8(b, offset);
      out.writeUInt8(g, offset + 1);
      out.writeUInt8(r, offset + 2);
    }
  }
  if (out.some((byte) => byte >= 0x80)) throw new Error("favicon.ico must be ASCII bytes.");
  return out.toString("latin1");
}
