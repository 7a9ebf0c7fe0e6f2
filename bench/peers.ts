// The peers we compare against, measured in the same process: TensorFlow.js with its CPU (plain JS) backend and its
// WASM backend (XNNPACK, SIMD; single-threaded in Node) loaded from the npm package — nothing is downloaded.
import * as tf from "@tensorflow/tfjs-core";
import { version_cpu } from "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths, version_wasm } from "@tensorflow/tfjs-backend-wasm";
import { build } from "esbuild";
import { createRequire } from "node:module";
import { dirname } from "node:path";

export type Tf = typeof tf;
export type PeerBackend = "cpu" | "wasm";
export const PEERS: readonly PeerBackend[] = ["cpu", "wasm"];

let wasmPathSet = false;
let gradientsRegistered = false;

/**
 * tf.grad and optimizers need tfjs's gradient registry, which only the `@tensorflow/tfjs` bundle fills; tfjs-core
 * ships the registrations as ES modules Node cannot load directly (extensionless imports). esbuild (already here for
 * tsx) bundles them; the registry and the engine live on the global object, so they join the copy we imported.
 */
async function registerGradients(): Promise<void> {
  const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-core/dist/register_all_gradients.js");
  const out = await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "node", write: false, logLevel: "error" });
  await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].contents).toString("base64")}`);
  gradientsRegistered = true;
}

/** Makes `backend` the active tfjs backend (cheap after the first call). Tensors must be used on the backend that made them. */
export async function useTf(backend: PeerBackend): Promise<Tf> {
  if (backend === "wasm" && !wasmPathSet) {
    const wasmFile = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm");
    // In Node tfjs-backend-wasm reads the file by path; the trailing slash makes it join file names onto the folder.
    setWasmPaths(dirname(wasmFile) + "/");
    wasmPathSet = true;
  }
  tf.enableProdMode(); // how tfjs is deployed: no debug checks (IS_TEST would add a leak check to every kernel)
  if (!gradientsRegistered) await registerGradients();
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  await tf.ready();
  return tf;
}

/** What the report says about the peers: versions and the WASM flavour actually loaded. */
export async function peerInfo(): Promise<string> {
  await useTf("wasm");
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  return `@tensorflow/tfjs-core ${tf.version_core} with tfjs-backend-cpu ${version_cpu} and tfjs-backend-wasm ${version_wasm} ` +
    `(SIMD ${simd ? "on" : "off"}, ${threads ? "multi-threaded" : "single-threaded"})`;
}
