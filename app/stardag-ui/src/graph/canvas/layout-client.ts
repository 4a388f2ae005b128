/**
 * Runs the layered layout in a Web Worker when the browser has them (the real page),
 * and on the calling thread otherwise (unit tests under jsdom).
 */
import { type FastLayoutOptions, layeredPositions } from "@/graph/fast-layered-layout";
import type { LayoutRequest } from "@/graph/canvas/layout.worker";

/** A worker started ahead of need, so its script loads while the graph is still on its way. */
let spare: Worker | null = null;

function newWorker(): Worker {
  return new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
}

/** Start a layout worker now (no-op without Worker support or when one is waiting). */
export function warmLayoutWorker(): void {
  if (typeof Worker !== "undefined" && spare === null) spare = newWorker();
}

export function layoutOffThread(
  count: number,
  from: Int32Array,
  to: Int32Array,
  options: FastLayoutOptions,
): Promise<Float64Array> {
  if (typeof Worker === "undefined") return Promise.resolve(layeredPositions(count, from, to, options));
  return new Promise((resolve, reject) => {
    const worker = spare ?? newWorker();
    spare = null;
    worker.onmessage = (event: MessageEvent<Float64Array>) => {
      resolve(event.data);
      worker.terminate();
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`graph layout failed: ${event.message}`));
    };
    // Copies, not transfers: the caller keeps its edge arrays for drawing.
    const request: LayoutRequest = { count, from, to, options };
    worker.postMessage(request);
  });
}
