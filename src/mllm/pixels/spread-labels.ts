/**
 * Gives every unlabelled pixel inside the mask (watershed lines, rims a watershed gave to the background)
 * the label of a labelled 8-neighbour, breadth first, in place; parts of the mask that no label reaches
 * get new labels from `nextLabel` on. Returns the number of labels in use plus one.
 */
export function spreadLabels(options: { labels: Int32Array; inside: Uint8Array; width: number; height: number; nextLabel: number }): number {
  const { labels, inside, width, height } = options;
  let nextLabel = options.nextLabel;
  const queue = new Int32Array(labels.length);
  let head = 0;
  let tail = 0;
  for (let index = 0; index < labels.length; index++) if (labels[index]! > 0) queue[tail++] = index;
  const spread = (): void => {
    while (head < tail) {
      const index = queue[head++]!;
      const x = index % width;
      const y = (index - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const neighbour = ny * width + nx;
          if (labels[neighbour] !== 0 || inside[neighbour] === 0) continue;
          labels[neighbour] = labels[index]!;
          queue[tail++] = neighbour;
        }
      }
    }
  };
  spread();
  for (let index = 0; index < labels.length; index++) {
    if (labels[index] !== 0 || inside[index] === 0) continue;
    labels[index] = nextLabel++;
    queue[tail++] = index;
    spread();
  }
  return nextLabel;
}

