import type { PixelObject } from "../scene-objects.ts";

/** An image sent to the analysis worker. */
export interface AnalysisRequest {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  /** RGB bytes, row-major (a copy: the caller's image stays untouched). */
  readonly data: Uint8Array;
}

/** The worker's answer to one request: the objects, or the error it met. */
export type AnalysisResponse =
  | { readonly id: number; readonly objects: PixelObject[] }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string; readonly details?: Record<string, unknown> } };
