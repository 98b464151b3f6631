/** The object categories of counting images (as in the CCNL counting study). */
export const COUNT_CATEGORIES = ["apples", "people", "squares", "butterflies", "triangles"] as const;

/** One of {@link COUNT_CATEGORIES}. */
export type CountCategory = (typeof COUNT_CATEGORIES)[number];

/** Icons are drawn in a unit frame centred on (0, 0) and fit inside a circle of this radius. */
const ICON_RADIUS = 48;

/**
 * SVG elements (no fill; the group sets it) of each icon in the unit frame, y down. Every icon is ONE
 * connected silhouette: the apple's stem and leaf touch its body, the person's head overlaps the torso
 * and the limbs overlap it too, the butterfly's wings and antennae join its body. Counting by connected
 * components therefore counts icons, not parts.
 */
const ICON_ELEMENTS: Readonly<Record<CountCategory, readonly string[]>> = {
  apples: [
    '<circle cx="-14" cy="8" r="30"/>',
    '<circle cx="14" cy="8" r="30"/>',
    '<rect x="-3" y="-38" width="6" height="24" rx="2"/>',
    '<path d="M 1 -30 Q 14 -46 28 -36 Q 16 -22 1 -30 Z"/>',
  ],
  people: [
    '<circle cx="0" cy="-33" r="11"/>',
    '<rect x="-13" y="-24" width="26" height="36" rx="5"/>',
    '<rect x="-24" y="-22" width="13" height="30" rx="5"/>',
    '<rect x="11" y="-22" width="13" height="30" rx="5"/>',
    '<rect x="-12" y="6" width="10" height="38" rx="4"/>',
    '<rect x="2" y="6" width="10" height="38" rx="4"/>',
  ],
  squares: ['<rect x="-33" y="-33" width="66" height="66"/>'],
  butterflies: [
    '<ellipse cx="0" cy="2" rx="5" ry="28"/>',
    '<ellipse cx="-20" cy="-12" rx="21" ry="17" transform="rotate(-20 -20 -12)"/>',
    '<ellipse cx="20" cy="-12" rx="21" ry="17" transform="rotate(20 20 -12)"/>',
    '<ellipse cx="-15" cy="17" rx="14" ry="12"/>',
    '<ellipse cx="15" cy="17" rx="14" ry="12"/>',
    '<path d="M -1 -22 L -12 -40 L -8 -42 L 1 -26 Z"/>',
    '<path d="M 1 -22 L 12 -40 L 8 -42 L -1 -26 Z"/>',
  ],
  triangles: ['<polygon points="0,-46 39.84,23 -39.84,23"/>'],
};

/** The SVG group drawing one icon at a centre, radius (pixels) and clockwise rotation. */
export function iconSvg(options: { category: CountCategory; centerX: number; centerY: number; radiusPx: number; rotationDegrees: number; fill: string }): string {
  const { category, centerX, centerY, radiusPx, rotationDegrees, fill } = options;
  const scale = radiusPx / ICON_RADIUS;
  const transform = `translate(${centerX.toFixed(2)} ${centerY.toFixed(2)}) rotate(${rotationDegrees.toFixed(1)}) scale(${scale.toFixed(4)})`;
  return `<g transform="${transform}" fill="${fill}">${ICON_ELEMENTS[category].join("")}</g>`;
}
