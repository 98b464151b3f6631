/**
 * Seeded synthetic datasets with ground truth: CCNL-style counting images and CLEVR-like 2D shape scenes
 * with template questions. The same seed always gives the same images, scene graphs and questions.
 */
export { createRandom, deriveSeed, type Random } from "./random.ts";
export { COLOR_PALETTE } from "./palette.ts";
export { SCENE_SHAPES, type SceneShape } from "./shape-geometry.ts";
export { generateComposeScene, SCENE_SIZES, type ComposeScene, type ComposeSceneOptions, type SceneObject, type SceneSize } from "./compose-scene.ts";
export { COMPOSE_FAMILIES, generateComposeQuestions, relationOffset, SPATIAL_MARGIN_PX, type ComposeFamily, type ComposeQuestionsOptions, type SceneQuestion } from "./compose-questions.ts";
export { COUNT_CATEGORIES, type CountCategory } from "./count-icons.ts";
export { COUNT_QUESTION, generateCountScene, type CountObject, type CountScene, type CountSceneOptions } from "./count-scene.ts";
export { generateComposeDataset, generateCountDataset, type ComposeDatasetOptions, type CountDatasetOptions, type DatasetItem, type DatasetQuestion } from "./synthetic-datasets.ts";
export { writeDataset, type WriteDatasetOptions, type WrittenDataset } from "./write-dataset.ts";
