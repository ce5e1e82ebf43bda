export * from "./envelope.ts";
export * from "./identity.ts";
export * from "./ids.ts";
export * from "./incidents.ts";
export * from "./picture.ts";
export * from "./problem.ts";
export * from "./subjects.ts";
export * from "./support-centres.ts";
