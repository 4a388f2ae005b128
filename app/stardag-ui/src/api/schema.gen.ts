/**
 * generated — do not edit.
 * Produced by `npm run gen:api` (scripts/gen-api.mjs) from app/stardag-ui/openapi.json,
 * which is dumped from the service's `stardag_api.main:app.openapi()`.
 */

export interface paths {
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Tasks */
        get: operations["list_tasks_api_v1_tasks_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Task */
        get: operations["get_task_api_v1_tasks__task_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/upstream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Up */
        get: operations["up_api_v1_tasks__task_id__upstream_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/downstream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Down */
        get: operations["down_api_v1_tasks__task_id__downstream_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/graph": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Graph */
        get: operations["graph_api_v1_tasks__task_id__graph_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runs */
        get: operations["runs_api_v1_tasks__task_id__runs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Logs */
        get: operations["logs_api_v1_runs__run_id__logs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Fam */
        get: operations["fam_api_v1_families_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/builds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Builds */
        get: operations["builds_api_v1_builds_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stats */
        get: operations["stats_api_v1_stats_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** BuildPublic */
        BuildPublic: {
            /** Build Id */
            build_id: string;
            /** Root Task Ids */
            root_task_ids: string[];
            status: components["schemas"]["RunStatus"];
            /** User */
            user: string | null;
            /** Host */
            host: string | null;
            /** Commit Hash */
            commit_hash: string | null;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /** Finished At */
            finished_at: string | null;
            /**
             * Task Count
             * @description runs recorded in this build
             */
            task_count: number;
        };
        /** BuildsPublic */
        BuildsPublic: {
            /** Items */
            items: components["schemas"]["BuildPublic"][];
        };
        /** Edge */
        Edge: {
            /** Upstream Id */
            upstream_id: string;
            /** Downstream Id */
            downstream_id: string;
        };
        /** FamiliesPublic */
        FamiliesPublic: {
            /** Items */
            items: components["schemas"]["FamilySummary"][];
        };
        /** FamilySummary */
        FamilySummary: {
            /** Namespace */
            namespace: string;
            /** Family */
            family: string;
            /** Total */
            total: number;
            /** Counts */
            counts: {
                [key: string]: number;
            };
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** LogRecordPublic */
        LogRecordPublic: {
            /** Seq */
            seq: number;
            /**
             * Timestamp
             * Format: date-time
             */
            timestamp: string;
            /**
             * Level
             * @enum {string}
             */
            level: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";
            /** Logger */
            logger: string;
            /** Message */
            message: string;
            /**
             * Stream
             * @enum {string}
             */
            stream: "log" | "stdout" | "stderr";
        };
        /** LogRecordsPublic */
        LogRecordsPublic: {
            /** Items */
            items: components["schemas"]["LogRecordPublic"][];
            /**
             * Next After Seq
             * @description pass as `after_seq` for more; null at the end
             */
            next_after_seq: number | null;
        };
        /** RelatedTask */
        RelatedTask: {
            /** Task Id */
            task_id: string;
            /** Namespace */
            namespace: string;
            /** Family */
            family: string;
            /** Version */
            version: string | null;
            /** Parameters */
            parameters: {
                [key: string]: unknown;
            };
            /** Output Uri */
            output_uri: string | null;
            status: components["schemas"]["TaskStatus"];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Duration Seconds */
            duration_seconds: number | null;
            /** User */
            user: string | null;
            /** Host */
            host: string | null;
            /** Commit Hash */
            commit_hash: string | null;
            /**
             * Depth
             * @description edges from the asked task (1 = direct neighbour, 0 = itself)
             */
            depth: number;
        };
        /** RelatedTasks */
        RelatedTasks: {
            /** Task Id */
            task_id: string;
            /** Items */
            items: components["schemas"]["RelatedTask"][];
            /** Truncated */
            truncated: boolean;
        };
        /** RunPublic */
        RunPublic: {
            /** Run Id */
            run_id: string;
            /** Task Id */
            task_id: string;
            /** Build Id */
            build_id: string | null;
            status: components["schemas"]["RunStatus"];
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /** Finished At */
            finished_at: string | null;
            /** Duration Seconds */
            duration_seconds: number | null;
            /** Last Heartbeat At */
            last_heartbeat_at: string | null;
            /** User */
            user: string | null;
            /** Host */
            host: string | null;
            /** Commit Hash */
            commit_hash: string | null;
            /** Error Message */
            error_message: string | null;
            /** Traceback */
            traceback: string | null;
        };
        /**
         * RunStatus
         * @enum {string}
         */
        RunStatus: "running" | "completed" | "failed";
        /** RunsPublic */
        RunsPublic: {
            /** Items */
            items: components["schemas"]["RunPublic"][];
        };
        /** Stats */
        Stats: {
            /** Tasks */
            tasks: number;
            /** Runs */
            runs: number;
            /** Builds */
            builds: number;
            /** By Status */
            by_status: {
                [key: string]: number;
            };
        };
        /** TaskDetail */
        TaskDetail: {
            /** Task Id */
            task_id: string;
            /** Namespace */
            namespace: string;
            /** Family */
            family: string;
            /** Version */
            version: string | null;
            /** Parameters */
            parameters: {
                [key: string]: unknown;
            };
            /** Output Uri */
            output_uri: string | null;
            status: components["schemas"]["TaskStatus"];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Duration Seconds */
            duration_seconds: number | null;
            /** User */
            user: string | null;
            /** Host */
            host: string | null;
            /** Commit Hash */
            commit_hash: string | null;
            /** Task Data */
            task_data: {
                [key: string]: unknown;
            };
            /** Upstream Count */
            upstream_count: number;
            /** Downstream Count */
            downstream_count: number;
            latest_run: components["schemas"]["RunPublic"] | null;
        };
        /** TaskGraph */
        TaskGraph: {
            /** Root Id */
            root_id: string;
            /** Nodes */
            nodes: components["schemas"]["RelatedTask"][];
            /** Edges */
            edges: components["schemas"]["Edge"][];
            /** Truncated */
            truncated: boolean;
        };
        /** TaskPublic */
        TaskPublic: {
            /** Task Id */
            task_id: string;
            /** Namespace */
            namespace: string;
            /** Family */
            family: string;
            /** Version */
            version: string | null;
            /** Parameters */
            parameters: {
                [key: string]: unknown;
            };
            /** Output Uri */
            output_uri: string | null;
            status: components["schemas"]["TaskStatus"];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Duration Seconds */
            duration_seconds: number | null;
            /** User */
            user: string | null;
            /** Host */
            host: string | null;
            /** Commit Hash */
            commit_hash: string | null;
        };
        /**
         * TaskStatus
         * @enum {string}
         */
        TaskStatus: "pending" | "running" | "completed" | "failed";
        /** TasksPublic */
        TasksPublic: {
            /** Items */
            items: components["schemas"]["TaskPublic"][];
            /**
             * Next Cursor
             * @description pass as `cursor` for the next page; null at the end
             */
            next_cursor: string | null;
        };
        /** ValidationError */
        ValidationError: {
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
            /** Input */
            input?: unknown;
            /** Context */
            ctx?: Record<string, never>;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_tasks_api_v1_tasks_get: {
        parameters: {
            query?: {
                family?: string | null;
                namespace?: string | null;
                status?: components["schemas"]["TaskStatus"][] | null;
                search?: string | null;
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TasksPublic"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_task_api_v1_tasks__task_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDetail"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    up_api_v1_tasks__task_id__upstream_get: {
        parameters: {
            query?: {
                depth?: number;
                limit?: number;
            };
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelatedTasks"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    down_api_v1_tasks__task_id__downstream_get: {
        parameters: {
            query?: {
                depth?: number;
                limit?: number;
            };
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RelatedTasks"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    graph_api_v1_tasks__task_id__graph_get: {
        parameters: {
            query?: {
                direction?: "both" | "upstream" | "downstream";
                depth?: number;
                max_nodes?: number;
            };
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskGraph"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    runs_api_v1_tasks__task_id__runs_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunsPublic"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    logs_api_v1_runs__run_id__logs_get: {
        parameters: {
            query?: {
                level?: string | null;
                search?: string | null;
                limit?: number;
                after_seq?: number | null;
            };
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogRecordsPublic"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    fam_api_v1_families_get: {
        parameters: {
            query?: {
                namespace?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamiliesPublic"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    builds_api_v1_builds_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildsPublic"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    stats_api_v1_stats_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
        };
    };
}
