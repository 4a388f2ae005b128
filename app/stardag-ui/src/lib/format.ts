/** Display helpers shared by tables and detail views. */

const SHORT_ID_LENGTH = 8;

/** First 8 characters of a task/run id: unique enough to read, and a valid API prefix. */
export function shortId(id: string): string {
  return String(id ?? "").slice(0, SHORT_ID_LENGTH);
}

/** A parameter value that references another task, as the SDK serializes it. */
export interface TaskRef {
  taskId: string;
  family: string;
}

/**
 * The task reference `value` holds, or `null`. Parameters are whatever a client stored
 * (`{"__task_id__": null}`, `{"family": {...}}`): only a string id counts as a reference,
 * and a family that is not a string reads as "task".
 */
export function taskRef(value: unknown): TaskRef | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const id = record.__task_id__;
  if (typeof id !== "string" || id === "") return null;
  return { taskId: id, family: typeof record.family === "string" ? record.family : "task" };
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];
const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "3 minutes ago" style text for an ISO timestamp, relative to `now`. */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "—";
  const seconds = (new Date(iso).getTime() - now.getTime()) / 1000;
  if (Math.abs(seconds) < 5) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") {
      return relativeFormat.format(Math.round(seconds / size), unit);
    }
  }
  return "—";
}

/** Exact local timestamp, shown on hover and in detail views. */
export function formatExact(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMinutes);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ` +
    `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Human duration: "420 ms", "12.3 s", "4 m 05 s", "2 h 03 m". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} m`;
}

function isTaskRef(value: unknown): boolean {
  return taskRef(value) !== null;
}

/** How many tasks a non-empty list (or dict) of upstream tasks holds, else null: such a
 *  parameter reads "8 tasks", as in the CLI. */
function taskListLength(value: unknown): number | null {
  if (typeof value !== "object" || value === null || isTaskRef(value)) return null;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.length > 0 && items.every(isTaskRef) ? items.length : null;
}

/** Compact text for a parameter value in a table cell. */
export function formatParamValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const ref = taskRef(value);
  if (ref) return `${ref.family}(${shortId(ref.taskId)})`;
  const tasks = taskListLength(value);
  if (tasks !== null) return `${tasks} task${tasks === 1 ? "" : "s"}`;
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 37)}…` : json;
}

/** The first `max` parameters as [name, text] pairs, scalars first (they read best). */
export function keyParameters(
  parameters: Record<string, unknown> | null | undefined,
  max = 3,
): [string, string][] {
  const isObject = typeof parameters === "object" && parameters !== null && !Array.isArray(parameters);
  const entries = Object.entries(isObject ? parameters : {});
  const isScalar = (v: unknown) => v === null || typeof v !== "object";
  const ordered = [...entries.filter(([, v]) => isScalar(v)), ...entries.filter(([, v]) => !isScalar(v))];
  return ordered.slice(0, max).map(([k, v]) => [k, formatParamValue(v)]);
}
