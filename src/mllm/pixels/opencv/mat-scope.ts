/** Anything OpenCV.js allocates in WebAssembly memory: Mats, MatVectors. */
export interface Deletable {
  delete(): void;
}

/** Hands out OpenCV.js objects whose memory is freed when the scope ends. */
export interface MatScope {
  /** Registers an object for deletion at the end of the scope and returns it. */
  track<T extends Deletable>(value: T): T;
}

/**
 * Runs `body` with a scope and deletes every object it tracked when `body` returns or throws. OpenCV.js
 * memory lives outside the JavaScript heap and is never garbage-collected, so pixel analysis creates every
 * Mat as `scope.track(new cv.Mat(...))` (test/pixels/opencv-memory.test.ts checks the sources for it).
 * `body` must be synchronous (OpenCV.js calls are): the objects are gone once it returns.
 */
export function withMats<T>(body: (scope: MatScope) => T): T {
  const tracked: Deletable[] = [];
  try {
    const result = body({
      track(value) {
        tracked.push(value);
        return value;
      },
    });
    if (result instanceof Promise) throw new TypeError("withMats needs a synchronous body: its Mats are deleted when it returns.");
    return result;
  } finally {
    for (let index = tracked.length - 1; index >= 0; index--) tracked[index]!.delete();
  }
}
