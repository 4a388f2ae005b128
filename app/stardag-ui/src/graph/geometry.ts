/** Node size and spacing shared by both graph views (kept apart from dagre, so the
 *  canvas view's chunk does not pull it in). */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 58;
export const RANK_SEP = 70;
export const NODE_SEP = 18;

/** Spacing of the fast layered layout (the canvas view's worker and big React Flow graphs). */
export const LAYOUT_OPTIONS = { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT, rankSep: RANK_SEP, nodeSep: NODE_SEP };
