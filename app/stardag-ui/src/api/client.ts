import createClient from "openapi-fetch";

import { ServerUnreachableError, toApiError } from "@/api/errors";
import { withApiKey } from "@/auth/api-key";
import type { paths } from "@/api/schema.gen";
import { apiOrigin, config } from "@/lib/config";

/** The typed HTTP client; every path and body type comes from the generated schema. */
export const api = createClient<paths>({
  baseUrl: config.apiBaseUrl || undefined,
  // Resolve the fetch at call time so tests (and the e2e bench) can swap it.
  fetch: (request) => globalThis.fetch(withApiKey(request)),
  querySerializer: { array: { style: "form", explode: true } },
});

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/**
 * Await an openapi-fetch call and return its data, or throw an ApiError carrying the
 * service's `detail`/`code` — or ServerUnreachableError when nothing answered.
 */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch (cause) {
    throw new ServerUnreachableError(apiOrigin(), cause);
  }
  if (!outcome.response.ok || outcome.data === undefined) {
    throw toApiError(outcome.response.status, outcome.error);
  }
  return outcome.data;
}
