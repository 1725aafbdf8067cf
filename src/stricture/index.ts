/** stricture: flow physics of fibrostenotic strictures (issue 8). */
export * from "./assessment";
export * from "./dilation";
export * from "./exercise";
export * from "./figures";
export * from "./poiseuille";
export * from "./segment";
export * from "./tube";
