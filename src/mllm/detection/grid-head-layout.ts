import type { ClassCandidate, DetectorFamilyName, DetectorLayout } from "./detector-layout.ts";
import { inputBoxToImage, prepareModelInput, type ModelInputFormat } from "./model-input.ts";

/** Options for {@link gridHeadLayout}. */
export interface GridHeadLayoutOptions {
  readonly family: DetectorFamilyName;
  /** The image input's and the output's names. */
  readonly inputName: string;
  readonly outputName: string;
  /** How the image goes in (size, fit, channels, range). */
  readonly format: ModelInputFormat;
  readonly classCount: number;
  /** Decodes the output into candidates in input pixels, keeping those scoring at least `minScore`. */
  readonly decode: (output: Float32Array, minScore: number) => ClassCandidate[];
}

/**
 * The layout of a one-input, one-output detection head (YOLOX, Ultralytics): prepare the region as the
 * family wants it, run, decode, and map the boxes back from input pixels to the image.
 */
export function gridHeadLayout(options: GridHeadLayoutOptions): DetectorLayout {
  const { family, inputName, outputName, format, classCount, decode } = options;
  const { width, height } = format;
  return {
    family,
    inputWidth: width,
    inputHeight: height,
    classCount,
    async detectRegion(session, image, region, minScore) {
      const input = prepareModelInput(image, region, format);
      const outputs = await session.run({ [inputName]: { data: input.tensor, dims: [1, 3, height, width] } });
      return decode(outputs[outputName]!.data as Float32Array, minScore).map((candidate) => ({ ...candidate, box: inputBoxToImage(candidate.box, input, image) }));
    },
  };
}
