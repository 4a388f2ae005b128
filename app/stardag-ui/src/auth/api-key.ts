/**
 * The API key the UI sends when the registry runs with authentication on.
 *
 * Kept in sessionStorage: it lives as long as the tab, is not sent anywhere by the
 * browser on its own (unlike a cookie, so no cross-site request can carry it), and
 * is gone when the tab closes. Use a read-scoped key for the UI.
 */
const STORAGE_KEY = "stardag.apiKey";
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

export function getApiKey(): string | null {
  return storage()?.getItem(STORAGE_KEY) || null;
}

export function setApiKey(key: string | null): void {
  const store = storage();
  if (key) store?.setItem(STORAGE_KEY, key);
  else store?.removeItem(STORAGE_KEY);
  listeners.forEach((listener) => listener());
}

/** Subscribe to sign-in/out (for `useSyncExternalStore`). */
export function subscribeApiKey(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `request` with the key as a bearer token, when one is set. */
export function withApiKey(request: Request): Request {
  const key = getApiKey();
  if (key) request.headers.set("Authorization", `Bearer ${key}`);
  return request;
}
