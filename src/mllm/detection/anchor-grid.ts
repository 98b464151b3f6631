/** The strides of the three output scales of YOLOX and Ultralytics heads (P3, P4, P5). */
export const HEAD_STRIDES: readonly number[] = Object.freeze([8, 16, 32]);

/** Number of grid cells (one prediction each) over all strides for an input of this size. */
export function anchorCount(inputWidth: number, inputHeight: number, strides: readonly number[] = HEAD_STRIDES): number {
  return strides.reduce((sum, stride) => sum + Math.floor(inputWidth / stride) * Math.floor(inputHeight / stride), 0);
}

/** One grid cell: its stride and position, in output order (stride by stride, row by row). */
export interface AnchorCell {
  readonly stride: number;
  readonly gridX: number;
  readonly gridY: number;
}

/** Every grid cell in output order. */
export function anchorCells(inputWidth: number, inputHeight: number, strides: readonly number[] = HEAD_STRIDES): AnchorCell[] {
  const cells: AnchorCell[] = [];
  for (const stride of strides) {
    const columns = Math.floor(inputWidth / stride);
    const rows = Math.floor(inputHeight / stride);
    for (let gridY = 0; gridY < rows; gridY++) for (let gridX = 0; gridX < columns; gridX++) cells.push({ stride, gridX, gridY });
  }
  return cells;
}

/** The spatial size of a [batch, 3, height, width] image input, or undefined when it is not fixed. */
export function fixedImageSize(shape: ReadonlyArray<number | string>): { width: number; height: number } | undefined {
  const [, channels, height, width] = shape;
  if (shape.length !== 4 || channels !== 3 || typeof height !== "number" || typeof width !== "number") return undefined;
  return { width, height };
}
