/**
 * The Teams app icons, drawn in code so the package needs no image tools: a speech bubble, white
 * on the council's colour (color.png, 192×192) and white on transparent (outline.png, 32×32, as
 * Teams requires for the outline icon).
 */
import { encodePng } from './png';

type Shape = (x: number, y: number) => boolean;

/** A rounded rectangle with a tail at the bottom left, in unit coordinates (0..1). */
const bubble =
  (inset: number): Shape =>
  (x, y) => {
    const [l, t, r, b, radius] = [0.14 + inset, 0.18 + inset, 0.86 - inset, 0.7 - inset, 0.12];
    const cx = Math.min(Math.max(x, l + radius), r - radius);
    const cy = Math.min(Math.max(y, t + radius), b - radius);
    const inBody = (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 && x >= l && x <= r && y >= t && y <= b;
    // The tail: a triangle from the bottom edge down to the left.
    const tail = y >= b - 0.02 && y <= 0.86 - inset && x >= 0.28 + inset && x <= 0.46 - inset * 0.5 && x - (0.28 + inset) >= (y - b) * 0.9;
    return inBody || tail;
  };

const dots: Shape = (x, y) => [0.34, 0.5, 0.66].some((dx) => (x - dx) ** 2 + (y - 0.44) ** 2 <= 0.055 ** 2);

/** Paints with 4×4 supersampling so the edges are smooth. `paint` returns RGBA for a point, or null. */
function render(size: number, paint: (x: number, y: number) => [number, number, number, number] | null): Buffer {
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!c) continue;
          const alpha = c[3] / 255;
          r += c[0] * alpha;
          g += c[1] * alpha;
          b += c[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return out;
}

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

export function colorIcon(colour: string): Buffer {
  const [r, g, b] = rgb(colour);
  const shape = bubble(0);
  return encodePng(192, 192, render(192, (x, y) => (shape(x, y) && !dots(x, y) ? [255, 255, 255, 255] : [r, g, b, 255])));
}

export function outlineIcon(): Buffer {
  const outer = bubble(0);
  const inner = bubble(0.07);
  return encodePng(32, 32, render(32, (x, y) => (outer(x, y) && !inner(x, y) ? [255, 255, 255, 255] : null)));
}
