import { apiOrigin } from "@/lib/config";

/** The API answered with an error body (`{"detail", "code", ...}` per docs/api.md). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly candidates: string[];

  constructor(status: number, code: string, detail: string, candidates: string[] = []) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.candidates = candidates;
  }
}

/** No HTTP answer at all: the server is down, or the URL is wrong. */
export class ServerUnreachableError extends Error {
  readonly origin: string;

  constructor(origin: string, cause?: unknown) {
    super(`No server at ${origin || "this address"}`);
    this.name = "ServerUnreachableError";
    this.origin = origin;
    this.cause = cause;
  }
}

/** Turn whatever a request produced into an ApiError with the service's message. */
export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === "object") {
    const record = body as { detail?: unknown; code?: unknown; candidates?: unknown };
    const detail = typeof record.detail === "string" ? record.detail : `HTTP ${status}`;
    const code = typeof record.code === "string" ? record.code : "http_error";
    const candidates = Array.isArray(record.candidates) ? record.candidates.map(String) : [];
    return new ApiError(status, code, detail, candidates);
  }
  return new ApiError(status, "http_error", `The server answered HTTP ${status}.`);
}

/** What to tell the user for an error, and what they can do about it. */
export function describeError(error: unknown): { title: string; hint: string } {
  if (error instanceof ServerUnreachableError) {
    return {
      title: `No server at ${error.origin || apiOrigin()}`,
      hint: "Start the registry with `stardag server up` (or check STARDAG_REGISTRY_URL), then retry.",
    };
  }
  if (error instanceof ApiError) {
    if (error.status === 404) return { title: "Not found", hint: error.message };
    if (error.code === "ambiguous_prefix") {
      return { title: "Ambiguous id prefix", hint: `${error.message} Type more characters of the id.` };
    }
    if (error.code === "query_timeout") {
      return { title: "The query took too long", hint: error.message };
    }
    if (error.status === 503) {
      return {
        title: "The registry's database is unavailable",
        hint: `${error.message} Check that PostgreSQL is running, then retry.`,
      };
    }
    return { title: `Request failed (HTTP ${error.status})`, hint: error.message };
  }
  return { title: "Something went wrong", hint: error instanceof Error ? error.message : String(error) };
}
