import { stat } from "node:fs/promises";
import { createOnnxSession, type OnnxTensorSignature } from "../onnx/index.ts";
import { sha256OfFile } from "./file-checksum.ts";
import type { ModelEntry } from "./model-registry.ts";

/** The outcome of checking a local model file against its registry entry. */
export interface ModelFileVerification {
  /** Whether the file may be used. */
  readonly ok: boolean;
  /** How it was accepted: a listed checksum, or its ONNX input/output signature. */
  readonly method?: "checksum" | "signature";
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Why it was rejected. */
  readonly reason?: string;
}

/**
 * Accepts a file whose sha256 is listed for the entry, or else whose ONNX inputs and outputs match the
 * entry's signature (a re-export of the same weights). Anything else is rejected with a reason.
 */
export async function verifyModelFile(path: string, entry: ModelEntry): Promise<ModelFileVerification> {
  const { size: sizeBytes } = await stat(path);
  const sha256 = await sha256OfFile(path);
  if (entry.sha256.includes(sha256)) return { ok: true, method: "checksum", sha256, sizeBytes };
  if (!entry.signature) {
    return { ok: false, sha256, sizeBytes, reason: `its sha256 ${sha256} is not one of the accepted checksums of ${entry.id}` };
  }
  let session;
  try {
    session = await createOnnxSession({ modelPath: path, device: "cpu" });
  } catch {
    return { ok: false, sha256, sizeBytes, reason: `its checksum is unknown and it does not load as an ONNX model` };
  }
  try {
    const mismatch =
      describeMismatch("input", session.inputs, entry.signature.inputs) ??
      describeMismatch("output", session.outputs, entry.signature.outputs);
    if (mismatch) return { ok: false, sha256, sizeBytes, reason: `its checksum is unknown and ${mismatch}` };
    return { ok: true, method: "signature", sha256, sizeBytes };
  } finally {
    await session.dispose();
  }
}

function describeMismatch(kind: string, actual: readonly OnnxTensorSignature[], expected: readonly OnnxTensorSignature[]): string | undefined {
  for (const want of expected) {
    const have = actual.find((signature) => signature.name === want.name);
    if (!have) return `it has no ${kind} named "${want.name}" (it has ${actual.map((signature) => signature.name).join(", ") || "none"})`;
    if (have.type !== want.type || JSON.stringify(have.shape) !== JSON.stringify(want.shape)) {
      return `its ${kind} "${want.name}" is ${have.type} [${have.shape.join(",")}], expected ${want.type} [${want.shape.join(",")}]`;
    }
  }
  return undefined;
}
