export { chatModelFromSpec, SERVED_PROVIDERS, type ChatModelFromSpec, type ChatModelSpecOptions, type ServedProvider } from "./chat-model-from-spec.ts";
export { imageDataUrl, type ImageDataUrlOptions } from "./image-data-url.ts";
export { createServedVlm, type ServedVlmOptions } from "./served-vlm.ts";
export { createChatTextModel, type ChatTextModelOptions } from "./chat-text-model.ts";
