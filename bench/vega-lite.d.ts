/**
 * Vega-Lite declares its types only through package.json `exports`, which the project's
 * `moduleResolution: node` does not read: point the module name at them.
 */
declare module "vega-lite" {
  export * from "vega-lite/build/index";
}
