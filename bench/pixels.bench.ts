/**
 * Pixel-analysis benchmark: the OpenCV.js pipeline side by side with the hand-written one it replaced
 * (flood-fill segmentation, Andrew's hull, rotating calipers; checked out from git at BASELINE_COMMIT), in
 * one process, alternating scene by scene:
 * - `viper run` on the plain example image and on a photo, cold processes (what a user waits for), and
 *   OpenCV.js's own load time and memory in a fresh process;
 * - plain scenes (counting images and shape scenes, objects apart): whole analysis, segmentation alone and
 *   shape measurement alone, and whether both read the same objects;
 * - crowded counting scenes (touching and overlapping objects): counting accuracy and time;
 * - memory over many analyses, in this thread and through the worker thread (WebAssembly heap and RSS).
 *
 *   npm run bench pixels
 *
 * Environment: PIXELS_BENCH_SCENES (plain scenes of each kind, default 30), PIXELS_BENCH_CROWDED (crowded
 * scenes, default 200), PIXELS_BENCH_RUNS (`viper run` processes per side, default 7).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateComposeScene } from "../src/datasets/compose-scene.ts";
import { COUNT_CATEGORIES } from "../src/datasets/count-icons.ts";
import { generateCountScene } from "../src/datasets/count-scene.ts";
import type { RgbImage } from "../src/mllm/rgb-image.ts";
import { classifyShape, measureShape } from "../src/mllm/pixels/classify-shape.ts";
import { loadOpenCv } from "../src/mllm/pixels/opencv/load-opencv.ts";
import { withMats } from "../src/mllm/pixels/opencv/mat-scope.ts";
import { analyzeInWorker } from "../src/mllm/pixels/analysis-worker/analysis-client.ts";
import { analyzeObjects, type PixelObject } from "../src/mllm/pixels/scene-objects.ts";
import { segmentForeground, type SolidMask } from "../src/mllm/pixels/segment.ts";
import { boxIou } from "../test/fixtures/box-matching.ts";
import { BASELINE_COMMIT, checkOutBaseline } from "./pixels/baseline.ts";
import type { BenchMetric, BenchResult } from "./run.ts";
import { median } from "./statistics.ts";

const SCENES = Number(process.env.PIXELS_BENCH_SCENES ?? 30);
const CROWDED = Number(process.env.PIXELS_BENCH_CROWDED ?? 200);
const RUNS = Number(process.env.PIXELS_BENCH_RUNS ?? 7);
const MEMORY_ANALYSES = 300;
const LOAD_PROCESSES = 5;
/** The photo of the photo run (people in it) and what its program does. */
const PHOTO = "000000005001.jpg";
const PHOTO_PROGRAM_NAME = 'find("person")';
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The baseline's pixel modules (synchronous: no OpenCV). */
interface Baseline {
  analyzeObjects(image: RgbImage): PixelObject[];
  segmentForeground(image: RgbImage): { segments: Array<{ area: number; solidPixels: Array<readonly [number, number]> }> };
  measureShape(solidPixels: ReadonlyArray<readonly [number, number]>, area: number): unknown;
  classifyShape(solidPixels: ReadonlyArray<readonly [number, number]>, features: never): string;
}

/** Runs the benchmark and returns its figures (bench/run.ts collects them). */
export async function run(): Promise<BenchResult> {
  const metrics: BenchMetric[] = [];
  const notes: string[] = [];
  const baselineRoot = checkOutBaseline({ repositoryRoot: ROOT });
  const baseline = baselineRoot === undefined ? undefined : await importBaseline(baselineRoot);
  if (baseline === undefined) notes.push(`No git history with ${BASELINE_COMMIT}: the hand-written baseline was not measured.`);

  metrics.push(...openCvLoad());
  metrics.push(...viperRuns(baselineRoot, notes));
  await loadOpenCv();
  const plain = await plainScenes();
  metrics.push(...(await sideBySide(plain, baseline, notes)));
  metrics.push(...(await crowdedCounting(baseline)));
  metrics.push(...(await memory()));
  notes.push(
    `Baseline: the pixel analysis at ${BASELINE_COMMIT.slice(0, 7)} (git archive), run in the same process, alternating scene by scene with the current code.`,
    "Plain scenes: counting images 720x720 (1-10 icons apart) and shape scenes 480x320; 'same readings' = same number of objects and every baseline object matched by one with box IoU >= 0.9 and the same colour, shape and size.",
    "Times are medians per scene; the machine is shared (see loadAverage1m), so compare ratios measured in this run rather than absolute times across runs.",
  );
  return { metrics, notes };
}

async function importBaseline(root: string): Promise<Baseline> {
  const pixels = join(root, "src", "mllm", "pixels");
  const [objects, segment, shape] = await Promise.all([
    import(join(pixels, "scene-objects.ts")),
    import(join(pixels, "segment.ts")),
    import(join(pixels, "classify-shape.ts")),
  ]);
  return { analyzeObjects: objects.analyzeObjects, segmentForeground: segment.segmentForeground, measureShape: shape.measureShape, classifyShape: shape.classifyShape };
}

/** OpenCV.js load time and memory in fresh processes (median). */
function openCvLoad(): BenchMetric[] {
  const script = `const before = process.memoryUsage().rss; const start = performance.now();
const { loadOpenCv } = await import(${JSON.stringify(join(ROOT, "src", "mllm", "pixels", "opencv", "load-opencv.ts"))});
await loadOpenCv();
console.log(JSON.stringify({ ms: performance.now() - start, rssMb: (process.memoryUsage().rss - before) / 2 ** 20 }));`;
  const loads = Array.from({ length: LOAD_PROCESSES }, () => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as { ms: number; rssMb: number });
  return [
    { name: "OpenCV.js load (require + WebAssembly start), fresh process", value: median(loads.map((load) => load.ms)), unit: "ms" },
    { name: "OpenCV.js load: RSS added", value: median(loads.map((load) => load.rssMb)), unit: "MB" },
  ];
}

/**
 * `viper run` in cold processes, current and baseline alternating (median wall time and CPU time of the
 * process): the plain example image, and a photo (YOLOX; OpenCV.js must not load for it).
 */
function viperRuns(baselineRoot: string | undefined, notes: string[]): BenchMetric[] {
  const plain = { name: "plain example (count-objects on butterflies.png)", image: join(ROOT, "examples", "images", "butterflies.png"), program: join(ROOT, "examples", "count-objects.program.ts") };
  const photo = { name: `photo (${PHOTO_PROGRAM_NAME} on coco-tiny ${PHOTO})`, image: join(ROOT, "..", "shared", "data", "coco-tiny", "val2017", PHOTO), program: writePhotoProgram() };
  const metrics = viperRun(plain, baselineRoot);
  if (!existsSync(photo.image)) notes.push(`No ${photo.image}: the photo run was not measured.`);
  else metrics.push(...viperRun(photo, baselineRoot));
  return metrics;
}

function viperRun(subject: { name: string; image: string; program: string }, baselineRoot: string | undefined): BenchMetric[] {
  const time = (root: string): { ms: number; cpuMs: number } => {
    const start = performance.now();
    const child = spawnSync(process.execPath, ["--no-node-snapshot", "--disable-warning=ExperimentalWarning", join(root, "src", "cli", "main.ts"), "run", subject.image, subject.program], { encoding: "utf8" });
    const ms = performance.now() - start;
    if (child.status !== 0) throw new Error(`viper run (${root}) failed: ${child.stderr}`);
    return { ms, cpuMs: childCpuMs() };
  };
  childCpuMs(); // from here on, each reading is one run's
  const current: Array<{ ms: number; cpuMs: number }> = [];
  const previous: Array<{ ms: number; cpuMs: number }> = [];
  for (let run = 0; run < RUNS; run++) {
    current.push(time(ROOT));
    if (baselineRoot !== undefined) previous.push(time(baselineRoot));
  }
  const wall = (runs: typeof current) => median(runs.map((run) => run.ms));
  const cpu = (runs: typeof current) => median(runs.map((run) => run.cpuMs));
  const metrics: BenchMetric[] = [
    { name: `viper run, ${subject.name}, cold process`, value: wall(current), unit: "ms" },
    { name: `viper run, ${subject.name}: CPU time`, value: cpu(current), unit: "ms" },
  ];
  if (previous.length > 0) {
    metrics.push(
      { name: `viper run, ${subject.name}: baseline`, value: wall(previous), unit: "ms" },
      { name: `viper run, ${subject.name}: baseline CPU time`, value: cpu(previous), unit: "ms" },
      { name: `viper run, ${subject.name}: current / baseline`, value: wall(current) / wall(previous), unit: "ratio" },
      { name: `viper run, ${subject.name}: CPU current / baseline`, value: cpu(current) / cpu(previous), unit: "ratio" },
    );
  }
  return metrics;
}

/**
 * CPU time (user + system, all threads) of the child process waited for last: the change in this
 * process's total for waited-for children (Linux /proc; NaN elsewhere).
 */
let childCpuSoFar = 0;
function childCpuMs(): number {
  if (!existsSync("/proc/self/stat")) return Number.NaN;
  // Fields after the command name (which may hold spaces): cutime and cstime are the 14th and 15th, in ticks of 10 ms.
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const total = (Number(fields[13]) + Number(fields[14])) * 10;
  const since = total - childCpuSoFar;
  childCpuSoFar = total;
  return since;
}

function writePhotoProgram(): string {
  const file = join(mkdtempSync(join(tmpdir(), "viper-pixels-bench-")), "count-people.program.ts");
  writeFileSync(file, 'async function execute_command(image: ImagePatch): Promise<Answer> {\n  return (await image.find("person")).length;\n}\n');
  return file;
}

async function plainScenes(): Promise<RgbImage[]> {
  const scenes: RgbImage[] = [];
  for (let index = 0; index < SCENES; index++) {
    scenes.push((await generateCountScene({ seed: 80_000 + index, category: COUNT_CATEGORIES[index % 5]!, count: (index % 10) + 1 })).image);
    scenes.push((await generateComposeScene({ seed: 90_000 + index })).image);
  }
  return scenes;
}

/** Whole analysis, segmentation and shape measurement, current and baseline on the same plain scenes. */
async function sideBySide(scenes: readonly RgbImage[], baseline: Baseline | undefined, notes: string[]): Promise<BenchMetric[]> {
  const times = { analysis: [] as number[], baselineAnalysis: [] as number[], segmentation: [] as number[], baselineSegmentation: [] as number[], shapes: [] as number[], baselineShapes: [] as number[] };
  let same = 0;
  const cv = await loadOpenCv();
  for (const image of scenes) {
    let start = performance.now();
    const objects = await analyzeObjects(image);
    times.analysis.push(performance.now() - start);
    start = performance.now();
    await segmentForeground(image);
    times.segmentation.push(performance.now() - start);
    if (baseline === undefined) continue;
    start = performance.now();
    const previous = baseline.analyzeObjects(image);
    times.baselineAnalysis.push(performance.now() - start);
    if (sameReadings(previous, objects)) same++;
    start = performance.now();
    const { segments } = baseline.segmentForeground(image);
    times.baselineSegmentation.push(performance.now() - start);
    // Shape measurement of the same objects: the baseline's solid pixels, as a mask for OpenCV.
    start = performance.now();
    for (const segment of segments) baseline.classifyShape(segment.solidPixels, baseline.measureShape(segment.solidPixels, segment.area) as never);
    times.baselineShapes.push(performance.now() - start);
    const masks = segments.map((segment) => ({ area: segment.area, solid: toSolidMask(segment.solidPixels) }));
    start = performance.now();
    withMats((scope) => {
      for (const { area, solid } of masks) classifyShape(measureShape({ cv, scope, solid, area }));
    });
    times.shapes.push(performance.now() - start);
  }
  const metrics: BenchMetric[] = [
    { name: "plain scene: whole analysis (segment + measure + name)", value: median(times.analysis), unit: "ms" },
    { name: "plain scene: segmentation", value: median(times.segmentation), unit: "ms" },
  ];
  if (baseline === undefined) return metrics;
  notes.push(`Plain scenes: ${same} of ${scenes.length} read the same by both (objects, boxes, colours, shapes, sizes).`);
  return [
    ...metrics,
    { name: "plain scene: whole analysis, baseline", value: median(times.baselineAnalysis), unit: "ms" },
    { name: "plain scene: whole analysis, current / baseline", value: median(times.analysis) / median(times.baselineAnalysis), unit: "ratio" },
    { name: "plain scene: segmentation, baseline (flood fill)", value: median(times.baselineSegmentation), unit: "ms" },
    { name: "plain scene: segmentation, current / baseline", value: median(times.segmentation) / median(times.baselineSegmentation), unit: "ratio" },
    { name: "plain scene: shape measurement of all objects, OpenCV (contours, hull, minAreaRect)", value: median(times.shapes), unit: "ms" },
    { name: "plain scene: shape measurement, baseline (monotone chain, calipers)", value: median(times.baselineShapes), unit: "ms" },
    { name: "plain scene: shape measurement, current / baseline", value: median(times.shapes) / median(times.baselineShapes), unit: "ratio" },
    { name: "plain scenes read the same by both", value: same / scenes.length, unit: "share" },
  ];
}

function sameReadings(previous: readonly PixelObject[], current: readonly PixelObject[]): boolean {
  if (previous.length !== current.length) return false;
  return previous.every((object) =>
    current.some((other) => boxIou(object.box, other.box) >= 0.9 && other.color === object.color && other.shape === object.shape && other.size === object.size),
  );
}

function toSolidMask(pixels: ReadonlyArray<readonly [number, number]>): SolidMask {
  const xs = pixels.map(([x]) => x);
  const ys = pixels.map(([, y]) => y);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  const width = Math.max(...xs) - x0 + 1;
  const height = Math.max(...ys) - y0 + 1;
  const data = new Uint8Array(width * height);
  for (const [x, y] of pixels) data[(y - y0) * width + x - x0] = 255;
  return { x0, y0, width, height, data, count: pixels.length };
}

/** Counting accuracy and time on crowded counting scenes, current and baseline. */
async function crowdedCounting(baseline: Baseline | undefined): Promise<BenchMetric[]> {
  let right = 0;
  let baselineRight = 0;
  const times: number[] = [];
  let inContact = 0;
  for (let index = 0; index < CROWDED; index++) {
    const count = (Math.floor(index / 5) % 10) + 1;
    const scene = await generateCountScene({ seed: 100_000 + index, category: COUNT_CATEGORIES[index % 5]!, count, crowded: true });
    if (scene.contactPairs > 0) inContact++;
    const start = performance.now();
    if ((await analyzeObjects(scene.image)).length === count) right++;
    times.push(performance.now() - start);
    if (baseline !== undefined && baseline.analyzeObjects(scene.image).length === count) baselineRight++;
  }
  const metrics: BenchMetric[] = [
    { name: `crowded counting scenes (${CROWDED}): exact count`, value: right / CROWDED, unit: "share" },
    { name: "crowded counting scenes: scenes with objects in contact", value: inContact / CROWDED, unit: "share" },
    { name: "crowded counting scene: whole analysis", value: median(times), unit: "ms" },
  ];
  if (baseline !== undefined) metrics.push({ name: "crowded counting scenes: exact count, baseline", value: baselineRight / CROWDED, unit: "share" });
  return metrics;
}

/** RSS and WebAssembly heap over many analyses of one crowded scene. */
async function memory(): Promise<BenchMetric[]> {
  const cv = await loadOpenCv();
  const { image } = await generateCountScene({ seed: 3, count: 10, crowded: true });
  for (let run = 0; run < 10; run++) await analyzeObjects(image);
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = cv.HEAPU8.length;
  for (let run = 0; run < MEMORY_ANALYSES; run++) await analyzeObjects(image);
  const rssAfterDirect = process.memoryUsage().rss;
  // Through the worker thread, as every front door asks: each request copies the image to it. The first
  // requests start the worker and grow its heap to its working size; the next ones must not grow it.
  for (let run = 0; run < MEMORY_ANALYSES; run++) await analyzeInWorker(image);
  const rssBeforeWorker = process.memoryUsage().rss;
  for (let run = 0; run < MEMORY_ANALYSES; run++) await analyzeInWorker(image);
  const workerGrowth = (process.memoryUsage().rss - rssBeforeWorker) / 2 ** 20;
  return [
    { name: `RSS growth over ${MEMORY_ANALYSES} analyses through the worker thread (after ${MEMORY_ANALYSES} to warm it up)`, value: workerGrowth, unit: "MB", targetMax: 50 },
    { name: `RSS growth over ${MEMORY_ANALYSES} analyses of a crowded 720x720 scene`, value: (rssAfterDirect - rssBefore) / 2 ** 20, unit: "MB", targetMax: 50 },
    { name: `WebAssembly heap growth over ${MEMORY_ANALYSES} analyses`, value: (cv.HEAPU8.length - heapBefore) / 2 ** 20, unit: "MB", targetMax: 0 },
    { name: "WebAssembly heap size", value: cv.HEAPU8.length / 2 ** 20, unit: "MB" },
  ];
}
