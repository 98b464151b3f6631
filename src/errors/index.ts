export { ERROR_CODES, type ViperErrorCode } from "./error-codes.ts";
export { ViperError, type ViperErrorOptions } from "./viper-error.ts";
