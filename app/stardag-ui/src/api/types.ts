/**
 * Friendly names for the wire types. Everything is derived from the generated
 * schema (schema.gen.ts), so a change in the service's models breaks the type-check
 * here instead of at run time.
 */
import type { paths } from "@/api/schema.gen";

type JsonOk<Op> = Op extends { responses: { 200: { content: { "application/json": infer T } } } }
  ? T
  : never;

export type TaskPage = JsonOk<paths["/api/v1/tasks"]["get"]>;
export type TaskPublic = TaskPage["items"][number];
export type TaskDetail = JsonOk<paths["/api/v1/tasks/{task_id}"]["get"]>;
export type RelatedTasks = JsonOk<paths["/api/v1/tasks/{task_id}/upstream"]["get"]>;
export type RelatedTask = RelatedTasks["items"][number];
export type TaskGraph = JsonOk<paths["/api/v1/tasks/{task_id}/graph"]["get"]>;
export type GraphEdge = TaskGraph["edges"][number];
/** What the graph view loads: nodes with what is drawn, edges as [upstream, downstream]
 *  node indices (typed as the client returns them: openapi-fetch widens the pairs). */
export type CompactTaskGraph = Omit<JsonOk<paths["/api/v1/tasks/{task_id}/graph/compact"]["get"]>, "edges"> & {
  edges: number[][];
};
export type RunList = JsonOk<paths["/api/v1/tasks/{task_id}/runs"]["get"]>;
export type RunPublic = RunList["items"][number];
export type LogPage = JsonOk<paths["/api/v1/runs/{run_id}/logs"]["get"]>;
export type LogRecord = LogPage["items"][number];
export type FamilyList = JsonOk<paths["/api/v1/families"]["get"]>;
export type FamilySummary = FamilyList["items"][number];
export type BuildList = JsonOk<paths["/api/v1/builds"]["get"]>;
export type BuildPublic = BuildList["items"][number];
export type Stats = JsonOk<paths["/api/v1/stats"]["get"]>;
export type BuildDetail = JsonOk<paths["/api/v1/builds/{build_id}"]["get"]>;
export type BuildTask = BuildDetail["tasks"][number];
export type BuildFailure = NonNullable<BuildDetail["first_failure"]>;
export type BuildTaskState = BuildTask["state"];
export type FamilyStats = JsonOk<paths["/api/v1/stats/families"]["get"]>;
export type FamilyRunStats = FamilyStats["items"][number];
export type TaskStats = JsonOk<paths["/api/v1/stats/tasks"]["get"]>;
export type TaskRunStats = TaskStats["slowest"][number];

export type TaskStatus = TaskPublic["status"];
export type LogLevel = LogRecord["level"];

export const TASK_STATUSES = ["pending", "running", "completed", "failed", "upstream_failed"] as const satisfies readonly TaskStatus[];
// Type-only check (no code emitted): the list names every status of the generated schema,
// so a status added to the API fails `npm run typecheck` until the UI knows it.
type AssertTrue<T extends true> = T;
export type TaskStatusesComplete = AssertTrue<
  [Exclude<TaskStatus, (typeof TASK_STATUSES)[number]>] extends [never] ? true : false
>;
export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const satisfies readonly LogLevel[];

export type GraphDirection = "both" | "upstream" | "downstream";
