export { DETR_FAMILY } from "./detr-family.ts";
