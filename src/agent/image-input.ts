import type { PerceptionBackends } from "../mllm/capabilities.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import { ViperError } from "../errors/index.ts";
import { loadImage } from "../tools/image-io.ts";
import { openImageSession, type ImageSession } from "../tools/image-session.ts";

/**
 * An image as the agent accepts it: a file path, the encoded bytes (PNG, JPEG, ...), decoded RGB, or an
 * open session (`openImageSession(image, perception)`), which lets several questions about one image
 * share its per-image caches (detections, segmentation, embeddings, depth map).
 */
export type ImageInput = string | Uint8Array | RgbImage | ImageSession;

/** Decodes an {@link ImageInput}; files and bytes go through loadImage (IMAGE_INVALID on bad input). */
export async function toRgbImage(image: Exclude<ImageInput, ImageSession>): Promise<RgbImage> {
  if (typeof image === "string" || image instanceof Uint8Array) return loadImage(image);
  return image;
}

/** The session to run on: the given one (which must use `perception`), or a new one on the decoded image. */
export async function toImageSession(image: ImageInput, perception: PerceptionBackends): Promise<ImageSession> {
  if (typeof image === "object" && "view" in image) {
    if (image.perception !== perception) {
      throw new ViperError({
        code: "CONFIG_INVALID",
        message: "The image session was opened with other perception back-ends than this agent's; open it with openImageSession(image, agentPerception).",
        details: {},
      });
    }
    return image;
  }
  return openImageSession(await toRgbImage(image), perception);
}
