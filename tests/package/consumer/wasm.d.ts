// What esbuild's `file` loader makes of an imported .wasm: its URL (as Vite's `?url`).
declare module "*.wasm" {
  const url: string;
  export default url;
}
