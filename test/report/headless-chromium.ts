import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { chromiumRequirement } from "../fixtures/test-requirements.ts";

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
 * Starts Debian's Chromium headless through playwright-core (never a downloaded browser). The browser tests
 * skip without it (test-requirements.ts) except in CI's main run, where this fails with the install command.
 */
export async function launchHeadlessChromium(): Promise<HeadlessChromium> {
  const { met, path, missing } = chromiumRequirement();
  if (!met) throw new Error(`The report's browser tests ${missing}.`);
  const profile = await mkdtemp(join(tmpdir(), "viper-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: path, headless: true, args: [...CHROMIUM_ARGS], offline: true });
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
