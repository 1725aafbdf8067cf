export * from "./errors";
export * from "./input";
export * from "./intervals";
export * from "./random";
export * from "./result";
export * from "./units";
export * from "./validate";
