/// <reference lib="webworker" />
/**
 * Lays out a big graph off the main thread, so the page stays responsive (spinner,
 * controls, navigation) while 10,000 nodes are ranked and ordered.
 */
import { type FastLayoutOptions, layeredPositions } from "@/graph/fast-layered-layout";

export interface LayoutRequest {
  count: number;
  from: Int32Array;
  to: Int32Array;
  options: FastLayoutOptions;
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { count, from, to, options } = event.data;
  const xy = layeredPositions(count, from, to, options);
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(xy, [xy.buffer]);
};
