export { readOnnxMetadata } from "./onnx-metadata.ts";
export {
  createOnnxSession,
  type CreateOnnxSessionOptions,
  type OnnxDevice,
  type OnnxFloatTensor,
  type OnnxInt64Tensor,
  type OnnxSession,
  type OnnxTensor,
  type OnnxTensorSignature,
} from "./onnx-session.ts";
