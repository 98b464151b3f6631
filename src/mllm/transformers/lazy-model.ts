/** A model loaded on first use, shared by every later call, and freed by `dispose()`. */
export interface LazyModel<T> {
  get(): Promise<T>;
  dispose(): Promise<void>;
}

/**
 * Wraps a loader so the model loads once (concurrent first calls share the load). A failed load is
 * forgotten so the next call retries (e.g. after the user copies the missing files).
 */
export function lazyModel<T>(load: () => Promise<T>, free: (value: T) => Promise<void>): LazyModel<T> {
  let pending: Promise<T> | undefined;
  return {
    get() {
      pending ??= load().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
    async dispose() {
      const loading = pending;
      pending = undefined;
      if (loading === undefined) return;
      const value = await loading.catch(() => undefined);
      if (value !== undefined) await free(value);
    },
  };
}
