/** Where a transformers.js model runs. `auto` tries CUDA and falls back to the CPU with a notice. */
export type TransformersDevice = "cpu" | "cuda" | "auto";

/**
 * Weight precision: one of transformers.js's dtypes ("fp32", "fp16", "q8", "q4", "q4f16", ...) for every
 * ONNX file, or one per file (e.g. `{ vision_encoder: "fp16", decoder_model_merged: "q4" }`). It picks
 * which file is loaded (`model.onnx`, `model_fp16.onnx`, `model_q4.onnx`, ...), so it must exist on disk.
 */
export type TransformersDtype = TransformersPrecision | Readonly<Record<string, TransformersPrecision>>;

/** One weight precision transformers.js knows. */
export type TransformersPrecision = "auto" | "fp32" | "fp16" | "uint8" | "int8" | "q8" | "q4" | "bnb4" | "q4f16" | "q2" | "q2f16" | "q1" | "q1f16";

/** Options every in-process (transformers.js) back-end takes. */
export interface TransformersModelOptions {
  /** A hub model id (`onnx-community/depth-anything-v2-small`) or a path to a local model folder. */
  readonly model: string;
  /**
   * A folder holding models as `<modelsDir>/<hub id>/` (config.json, onnx/...). Setting it (or
   * `VIPER_MODELS_DIR`) turns downloads off.
   * @defaultValue `process.env.VIPER_MODELS_DIR`, else the transformers.js cache in the user cache folder
   */
  readonly modelsDir?: string;
  /** @defaultValue "cpu" */
  readonly device?: TransformersDevice;
  /** @defaultValue "fp32" */
  readonly dtype?: TransformersDtype;
  /**
   * Never download; a model that is not on disk is a MODEL_NOT_FOUND error.
   * @defaultValue true when `VIPER_OFFLINE` is set or a models folder is given
   */
  readonly offline?: boolean;
  /** Receives notices such as "CUDA is not available; running on the CPU". @defaultValue ignored */
  readonly onNotice?: (message: string) => void;
}
