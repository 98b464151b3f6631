import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's chromium package; `VIPER_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.VIPER_CHROMIUM ?? "/usr/bin/chromium";

/** Switches that keep a test browser quiet and offline: no sandbox (root in CI), GPU, first-run pages or background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;

/** A headless Chromium with its own fresh profile; `close()` ends it and deletes the profile. */
export interface HeadlessChromium {
  newPage(options?: { widthPx?: number; heightPx?: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium headless through playwright-core (never a downloaded browser). Fails with the
 * install command when it is missing: the browser tests must not pass by skipping.
 */
export async function launchHeadlessChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; the report's browser tests need it: run \`apt-get update && apt-get install -y chromium\` (or set VIPER_CHROMIUM to a Chromium binary).`);
  }
  const profile = await mkdtemp(join(tmpdir(), "viper-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], offline: true });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    async newPage({ widthPx = 1280, heightPx = 900 } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width: widthPx, height: heightPx });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
