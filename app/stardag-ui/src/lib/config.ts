/**
 * Build-time configuration (Vite env). The API is same-origin in production: the
 * service serves this bundle, so the default base URL is the page's own origin.
 */
export const config = {
  /** Base URL of the registry API; empty means "the origin this page came from". */
  apiBaseUrl: (import.meta.env.VITE_STARDAG_API_URL as string | undefined) ?? "",
  /** Default polling interval while something shown is pending or running. */
  defaultPollIntervalMs: Number(import.meta.env.VITE_STARDAG_POLL_INTERVAL_MS ?? 5000),
  /** Page size of the task list. */
  taskPageSize: 50,
  /** Largest graph the graph view asks for (the API's `max_nodes`). */
  defaultGraphNodeCap: 500,
};

/** The origin the UI talks to, for messages such as "no server at …". */
export function apiOrigin(): string {
  if (config.apiBaseUrl) return config.apiBaseUrl;
  return typeof window === "undefined" ? "" : window.location.origin;
}
