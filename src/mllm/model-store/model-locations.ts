import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Environment variables the model store reads. */
export interface ModelStoreEnvironment {
  /** A folder holding the model files; setting it turns downloads off. */
  readonly VIPER_MODELS_DIR?: string;
  /** "1" or "true" turns downloads off. */
  readonly VIPER_OFFLINE?: string;
  /** Base of the user cache (XDG); the store uses `$XDG_CACHE_HOME/viper-ts/models`. */
  readonly XDG_CACHE_HOME?: string;
  readonly [name: string]: string | undefined;
}

/** The user cache folder for models: `$XDG_CACHE_HOME/viper-ts/models`, else `~/.cache/viper-ts/models`. */
export function userModelCacheDir(env: ModelStoreEnvironment = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return resolve(base, "viper-ts", "models");
}

/** Whether the environment forbids downloads (VIPER_OFFLINE=1/true). */
export function isOfflineEnvironment(env: ModelStoreEnvironment = process.env): boolean {
  const value = env.VIPER_OFFLINE?.trim().toLowerCase();
  return value === "1" || value === "true" || value === "yes";
}
