import { open, type FileHandle } from "node:fs/promises";
import protobuf from "protobufjs/minimal.js";
import { ViperError } from "../../errors/index.ts";

// ModelProto field 14: `repeated StringStringEntryProto metadata_props` (onnx.proto); an entry is
// `key = 1`, `value = 2`. Exporters write fields in number order, so the entries follow the graph.
const METADATA_PROPS_FIELD = 14;
const LENGTH_DELIMITED = 2;
// A tag and a length are two varints of at most 10 bytes each.
const HEADER_BYTES = 20;

/**
 * The custom metadata of an ONNX file (`metadata_props`: e.g. Ultralytics exports store `names`, `imgsz`,
 * `stride`, `license`). ONNX Runtime's JavaScript API (web and node, 1.30) exposes only input and output
 * metadata, not this map (microsoft/onnxruntime#16547), so the file is read directly: the top-level fields of the ModelProto are
 * walked with protobufjs's wire-format reader, and only the metadata entries are read — the graph and its
 * weights are skipped by their length, so a 100 MB model costs a few small reads.
 * A file that is not an ONNX protobuf → MODEL_LOAD.
 */
export async function readOnnxMetadata(modelPath: string): Promise<Record<string, string>> {
  let file: FileHandle;
  try {
    file = await open(modelPath, "r");
  } catch (error) {
    throw notOnnx(modelPath, error);
  }
  try {
    const { size } = await file.stat();
    const metadata: Record<string, string> = {};
    const header = Buffer.alloc(HEADER_BYTES);
    let position = 0;
    while (position < size) {
      const { bytesRead } = await file.read(header, 0, HEADER_BYTES, position);
      const reader = protobuf.Reader.create(header.subarray(0, bytesRead));
      const tag = reader.uint32();
      if (tag >>> 3 === 0) throw new RangeError("field number 0");
      if ((tag & 7) !== LENGTH_DELIMITED) {
        reader.skipType(tag & 7);
        position += reader.pos;
        continue;
      }
      const length = reader.uint32();
      const start = position + reader.pos;
      if (start + length > size) throw new RangeError("a field runs past the end of the file");
      if (tag >>> 3 === METADATA_PROPS_FIELD) {
        const entry = Buffer.alloc(length);
        await file.read(entry, 0, length, start);
        const [key, value] = readEntry(entry);
        metadata[key] = value;
      }
      position = start + length;
    }
    return metadata;
  } catch (error) {
    throw notOnnx(modelPath, error);
  } finally {
    await file.close();
  }
}

function readEntry(bytes: Uint8Array): [string, string] {
  const reader = protobuf.Reader.create(bytes);
  let key = "";
  let value = "";
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === LENGTH_DELIMITED) key = reader.string();
    else if (tag >>> 3 === 2 && (tag & 7) === LENGTH_DELIMITED) value = reader.string();
    else reader.skipType(tag & 7);
  }
  return [key, value];
}

function notOnnx(modelPath: string, error: unknown): ViperError {
  return new ViperError({
    code: "MODEL_LOAD",
    message: `Cannot read the ONNX model ${modelPath}: ${error instanceof Error ? error.message : String(error)}. Check that the file exists and is a complete .onnx file.`,
    details: { modelPath },
    cause: error,
  });
}
