export {
  createOnnxSession,
  type CreateOnnxSessionOptions,
  type OnnxDevice,
  type OnnxFloatTensor,
  type OnnxSession,
  type OnnxTensorSignature,
} from "./onnx-session.ts";
