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
export { CUDA_INSTALL_HINT, isCudaProviderInstalled } from "./cuda-provider.ts";
export { loadOnnxRuntime, type OnnxRuntime, type OnnxRuntimeChoice, type OnnxRuntimeName } from "./onnx-runtime.ts";
