export { CALIBRATED_SETTINGS, calibratedSettingsFor, familyDefaultSettings, type CalibratedSettings } from "./calibrated-settings.ts";
export { parseClassNames, readLabelsFile } from "./class-names.ts";
export {
  detectorIdOf,
  isModelPath,
  loadDetectorModel,
  type LoadDetectorModelOptions,
  type LoadedDetectorModel,
  type SettingsSource,
} from "./load-detector-model.ts";
export { createOnnxDetector, createStoreDetector, type ColorFilter, type OnnxDetector, type OnnxDetectorOptions } from "./onnx-detector.ts";
export { DETECTOR_FAMILIES, recogniseLayout } from "./recognise-layout.ts";
export { readSettingsFile, settingsFilePath, writeSettingsFile } from "./settings-file.ts";
