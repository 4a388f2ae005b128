/**
 * generated — do not edit.
 * Produced by `npm run gen:api` (scripts/gen-api.mjs) from app/stardag-ui/openapi.json,
 * which is dumped from the service's `stardag_api.main:app.openapi()`.
 */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health
         * @description ``ok`` with the database's schema revision, or 503 when the database is unreachable.
         */
        get: operations["health_health_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Task Page
         * @description Tasks matching every given filter, one page at a time (pass ``next_cursor`` back).
         *
         *     Parameter filters are extra query keys ``param.<name>=<value>`` (repeatable); the
         *     value matches as JSON and as a string, so ``param.limit=10`` finds ``10`` and ``"10"``.
         */
        get: operations["list_task_page_api_v1_tasks_get"];
        put?: never;
        /**
         * Register Task
         * @description Register one task with its dependency edges (201 when new, 200 when it existed).
         */
        post: operations["register_task_api_v1_tasks_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register Task Batch
         * @description Register up to 1,000 tasks and their edges in one transaction (idempotent).
         */
        post: operations["register_task_batch_api_v1_tasks_batch_post"];
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
        /**
         * Read Task
         * @description One task by id or unique id prefix (409 with candidates when the prefix is ambiguous).
         */
        get: operations["read_task_api_v1_tasks__task_id__get"];
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
        /**
         * Read Upstream
         * @description Tasks this task depends on, up to ``depth`` edges away, nearest first.
         */
        get: operations["read_upstream_api_v1_tasks__task_id__upstream_get"];
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
        /**
         * Read Downstream
         * @description Tasks that depend on this task, up to ``depth`` edges away, nearest first.
         */
        get: operations["read_downstream_api_v1_tasks__task_id__downstream_get"];
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
        /**
         * Read Graph
         * @description Nodes and edges around the task for drawing; ``truncated`` when ``max_nodes`` cut it.
         */
        get: operations["read_graph_api_v1_tasks__task_id__graph_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/graph/compact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Compact Graph
         * @description The same graph with only what the UI draws per node (id, family, namespace, status,
         *     parameters, depth) and edges as ``[upstream, downstream]`` indices into ``nodes``:
         *     about a third of the bytes for graphs of thousands of tasks.
         */
        get: operations["read_compact_graph_api_v1_tasks__task_id__graph_compact_get"];
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
        /**
         * Read Task Runs
         * @description The task's runs, newest first.
         */
        get: operations["read_task_runs_api_v1_tasks__task_id__runs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start Run
         * @description Record that a task started executing; its status becomes ``running``.
         */
        post: operations["start_run_api_v1_runs_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Heartbeat
         * @description Say the run's process is alive (server clock); finished runs are unchanged.
         */
        post: operations["heartbeat_api_v1_runs__run_id__heartbeat_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish Run
         * @description Record how the run ended; the task follows when this is its latest run.
         */
        post: operations["finish_run_api_v1_runs__run_id__finish_post"];
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
        /**
         * Read Run Logs
         * @description The run's log records in order; ``level`` is a minimum, ``search`` a substring.
         */
        get: operations["read_run_logs_api_v1_runs__run_id__logs_get"];
        put?: never;
        /**
         * Append Run Logs
         * @description Append up to 5,000 records to the run, in order (replayed records are skipped).
         */
        post: operations["append_run_logs_api_v1_runs__run_id__logs_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Run
         * @description One run with its error message and traceback.
         */
        get: operations["read_run_api_v1_runs__run_id__get"];
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
        /**
         * List Builds
         * @description The most recent builds, newest first, with their tasks counted per state.
         */
        get: operations["list_builds_api_v1_builds_get"];
        put?: never;
        /**
         * Start Build
         * @description Record the start of a build (starting a known build again changes nothing).
         */
        post: operations["start_build_api_v1_builds_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/builds/{build_id}/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish
         * @description Record how the build ended (409 if it already ended otherwise).
         */
        post: operations["finish_api_v1_builds__build_id__finish_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/builds/{build_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Build
         * @description One build with every task of its graph and its state there (skipped, running,
         *     completed, failed, upstream_failed naming the failed upstream task, cancelled),
         *     and what failed first with its traceback.
         */
        get: operations["read_build_api_v1_builds__build_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post Events
         * @description Apply up to 5,000 events in order, in one transaction; replaying a batch changes nothing.
         *
         *     An event naming an unknown task, run or build rejects the whole batch with 422.
         */
        post: operations["post_events_api_v1_events_post"];
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
        /**
         * List Families
         * @description Every family (optionally of one namespace) with its task count per status.
         */
        get: operations["list_families_api_v1_families_get"];
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
        /**
         * Read Stats
         * @description How many tasks, runs and builds the registry holds, and tasks per status.
         *
         *     Statistics are recomputed from rollups at most every few seconds (see docs/api.md).
         */
        get: operations["read_stats_api_v1_stats_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/families": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Family Stats
         * @description Per family: runs, success rate, p50/p95 duration of completed runs (estimated within
         *     10% from duration histograms), and a daily trend with each day's exact median.
         */
        get: operations["read_family_stats_api_v1_stats_families_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read Task Stats
         * @description The slowest tasks (by their longest run) and the tasks with most failed runs (ties:
         *     the most recent failure first).
         */
        get: operations["read_task_stats_api_v1_stats_tasks_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Api Keys
         * @description Every key (without secrets), oldest first.
         */
        get: operations["list_api_keys_api_v1_keys_get"];
        put?: never;
        /**
         * Create Api Key
         * @description A new key with the given scopes; the response is the only place its text appears.
         */
        post: operations["create_api_key_api_v1_keys_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys/{key_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke Api Key
         * @description Revoke the key (idempotent); servers stop accepting it within 10 seconds.
         */
        post: operations["revoke_api_key_api_v1_keys__key_id__revoke_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream
         * @description A `text/event-stream` of what changes in the registry, as it is committed (from any
         *     API process over the same database). Events:
         *
         *     - `ready` — the subscription is live (sent first); changes from now on are delivered.
         *     - `changes` — `data` is a JSON array of changes, each one of
         *       `{"kind": "run", "run_id", "task_id", "build_id", "status", "at"}` (a run started or
         *       finished; its task's status follows), `{"kind": "task_state", "build_id", "task_id",
         *       "state", "cause_task_id"}` (a build skipped a task, or did not run it because
         *       `cause_task_id` failed), `{"kind": "build", "build_id", "status"}` and
         *       `{"kind": "logs", "run_id", "count"}`.
         *     - `resync` — some changes could not be delivered (the client fell behind or the server
         *       lost its database connection for a moment): refetch what you show.
         *
         *     Comment lines (`: keepalive`) come every 15 s. With `build_id`, `task_id` or `run_id`
         *     (each repeatable) only the changes naming one of them are sent.
         */
        get: operations["stream_api_v1_stream_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/lease": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take Lease
         * @description Take (or extend) the task's lease for ``ttl_seconds``; ``granted`` is false, with
         *     the current holder, while another builder holds an unexpired lease.
         */
        post: operations["take_lease_api_v1_tasks__task_id__lease_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/lease/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Renew
         * @description Extend a lease the caller holds; 409 ``lease_not_held`` when it lost it.
         */
        post: operations["renew_api_v1_tasks__task_id__lease_renew_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/lease/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release
         * @description Give the lease up (after the run ended); idempotent.
         */
        post: operations["release_api_v1_tasks__task_id__lease_release_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Auth Config
         * @description How to sign in: needed by the UI before it has a credential, so never protected.
         */
        get: operations["auth_config_api_v1_auth_config_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stream/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open Stream Session
         * @description Put the caller's credential (API key or sign-in token, at least ``read``) into an
         *     HttpOnly, ``SameSite=Strict`` cookie sent only to ``GET /api/v1/stream``.
         *
         *     The cookie lasts as long as the browser session; the credential inside is checked
         *     on every connection, so a revoked key or an expired token stops the stream.
         */
        post: operations["open_stream_session_api_v1_stream_session_post"];
        /**
         * Close Stream Session
         * @description Forget the stream cookie (the UI's sign-out). Needs no credential: it only
         *     removes one.
         */
        delete: operations["close_stream_session_api_v1_stream_session_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** ApiKeyCreate */
        ApiKeyCreate: {
            /** Name */
            name: string;
            /** Scopes */
            scopes: string[];
        };
        /** ApiKeyCreated */
        ApiKeyCreated: {
            /** Key Id */
            key_id: string;
            /** Name */
            name: string;
            /** Scopes */
            scopes: string[];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Revoked At */
            revoked_at: string | null;
            /**
             * Key
             * @description the key itself; shown only in this response
             */
            key: string;
        };
        /** ApiKeyPublic */
        ApiKeyPublic: {
            /** Key Id */
            key_id: string;
            /** Name */
            name: string;
            /** Scopes */
            scopes: string[];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Revoked At */
            revoked_at: string | null;
        };
        /** ApiKeysPublic */
        ApiKeysPublic: {
            /** Items */
            items: components["schemas"]["ApiKeyPublic"][];
        };
        /** AuthConfig */
        AuthConfig: {
            /**
             * Auth
             * @description whether /api/v1 needs a credential
             */
            auth: boolean;
            /** @description sign-in through an issuer; null when off */
            oidc: components["schemas"]["OidcConfig"] | null;
        };
        /** BuildCreate */
        BuildCreate: {
            /**
             * Build Id
             * Format: uuid
             */
            build_id: string;
            /** Root Task Ids */
            root_task_ids?: string[];
            /** User */
            user?: string | null;
            /** Host */
            host?: string | null;
            /** Commit Hash */
            commit_hash?: string | null;
            /** Started At */
            started_at?: string | null;
        };
        /** BuildDetail */
        BuildDetail: {
            /**
             * Build Id
             * Format: uuid
             */
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
             * Failed By Sweep
             * @description failed by the server: its process stopped reporting
             * @default false
             */
            failed_by_sweep: boolean;
            /**
             * Task Count
             * @description runs recorded in this build
             */
            task_count: number;
            /**
             * State Counts
             * @description tasks of the build's graph per state
             */
            state_counts?: {
                [key: string]: number;
            };
            /**
             * Failed Task Ids
             * @description tasks whose run failed in this build, first first (GET /builds lists the first 20 per build; state_counts.failed counts them all)
             */
            failed_task_ids?: string[];
            /** Tasks */
            tasks: components["schemas"]["BuildTaskPublic"][];
            /**
             * Tasks Truncated
             * @default false
             */
            tasks_truncated: boolean;
            first_failure: components["schemas"]["BuildFailure"] | null;
        };
        /**
         * BuildFailure
         * @description What failed first in a build, and why.
         */
        BuildFailure: {
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /** Family */
            family: string;
            /**
             * Run Id
             * Format: uuid
             */
            run_id: string;
            /** Error Message */
            error_message: string | null;
            /** Traceback */
            traceback: string | null;
            /** Finished At */
            finished_at: string | null;
            /**
             * Blocked Task Ids
             * @description tasks not run because this one failed
             */
            blocked_task_ids: string[];
        };
        /** BuildFinish */
        BuildFinish: {
            status: components["schemas"]["FinishStatus"];
            /** Finished At */
            finished_at?: string | null;
        };
        /** BuildFinished */
        BuildFinished: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "build_finished";
            /**
             * Build Id
             * Format: uuid
             */
            build_id: string;
            status: components["schemas"]["FinishStatus"];
            /** Finished At */
            finished_at?: string | null;
        };
        /** BuildPublic */
        BuildPublic: {
            /**
             * Build Id
             * Format: uuid
             */
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
             * Failed By Sweep
             * @description failed by the server: its process stopped reporting
             * @default false
             */
            failed_by_sweep: boolean;
            /**
             * Task Count
             * @description runs recorded in this build
             */
            task_count: number;
            /**
             * State Counts
             * @description tasks of the build's graph per state
             */
            state_counts?: {
                [key: string]: number;
            };
            /**
             * Failed Task Ids
             * @description tasks whose run failed in this build, first first (GET /builds lists the first 20 per build; state_counts.failed counts them all)
             */
            failed_task_ids?: string[];
        };
        /** BuildStarted */
        BuildStarted: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "build_started";
            build: components["schemas"]["BuildCreate"];
        };
        /**
         * BuildTaskPublic
         * @description One task of a build: its state there, its run (if it ran) and timings.
         */
        BuildTaskPublic: {
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /** Namespace */
            namespace: string;
            /** Family */
            family: string;
            /** Parameters */
            parameters: {
                [key: string]: unknown;
            };
            state: components["schemas"]["BuildTaskState"];
            /** Cause Task Id */
            cause_task_id: string | null;
            /** Run Id */
            run_id: string | null;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Duration Seconds */
            duration_seconds: number | null;
            /** Error Message */
            error_message: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * BuildTaskState
         * @description What one build did with one task of its graph.
         * @enum {string}
         */
        BuildTaskState: "pending" | "running" | "completed" | "failed" | "upstream_failed" | "skipped" | "cancelled";
        /** BuildsPublic */
        BuildsPublic: {
            /** Items */
            items: components["schemas"]["BuildPublic"][];
        };
        /**
         * CompactTaskGraph
         * @description ``TaskGraph`` for drawing thousands of tasks: nodes carry only what is drawn, and
         *     each edge is a pair of indices into ``nodes``, ``[upstream, downstream]``.
         */
        CompactTaskGraph: {
            /**
             * Root Id
             * Format: uuid
             */
            root_id: string;
            /** Nodes */
            nodes: components["schemas"]["GraphNode"][];
            /** Edges */
            edges: [
                number,
                number
            ][];
            /** Truncated */
            truncated: boolean;
        };
        /** DayTrend */
        DayTrend: {
            /**
             * Day
             * Format: date
             */
            day: string;
            /** Runs */
            runs: number;
            /** Failed */
            failed: number;
            /** P50 Seconds */
            p50_seconds: number | null;
        };
        /**
         * Direction
         * @enum {string}
         */
        Direction: "upstream" | "downstream" | "both";
        /** Edge */
        Edge: {
            /**
             * Upstream Id
             * Format: uuid
             */
            upstream_id: string;
            /**
             * Downstream Id
             * Format: uuid
             */
            downstream_id: string;
        };
        /**
         * ErrorBody
         * @description Every error response: a message a user can act on, a stable code, sometimes more.
         */
        ErrorBody: {
            /** Detail */
            detail: string;
            /** Code */
            code: string;
            /** Errors */
            errors?: {
                [key: string]: unknown;
            }[] | null;
            /** Candidates */
            candidates?: string[] | null;
        } & {
            [key: string]: unknown;
        };
        /** EventBatch */
        EventBatch: {
            /** Events */
            events: (components["schemas"]["TaskRegistered"] | components["schemas"]["BuildStarted"] | components["schemas"]["BuildFinished"] | components["schemas"]["TaskStatesReported"] | components["schemas"]["RunStarted"] | components["schemas"]["RunHeartbeatEvent"] | components["schemas"]["RunFinished"] | components["schemas"]["LogsAppendedEvent"])[];
        };
        /** EventsAccepted */
        EventsAccepted: {
            /** Accepted */
            accepted: number;
        };
        /** FamiliesPublic */
        FamiliesPublic: {
            /** Items */
            items: components["schemas"]["FamilySummary"][];
        };
        /** FamilyRunStats */
        FamilyRunStats: {
            /** Namespace */
            namespace: string;
            /** Family */
            family: string;
            /** Runs */
            runs: number;
            /** Completed */
            completed: number;
            /** Failed */
            failed: number;
            /**
             * Success Rate
             * @description completed / finished runs
             */
            success_rate: number | null;
            /**
             * P50 Seconds
             * @description median duration of completed runs
             */
            p50_seconds: number | null;
            /** P95 Seconds */
            p95_seconds: number | null;
            /**
             * Trend
             * @description per day of the window, oldest first
             */
            trend: components["schemas"]["DayTrend"][];
        };
        /** FamilyStatsPublic */
        FamilyStatsPublic: {
            /** Days */
            days: number;
            /** Items */
            items: components["schemas"]["FamilyRunStats"][];
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
        /**
         * FinishStatus
         * @description How a run or build may end.
         * @enum {string}
         */
        FinishStatus: "completed" | "failed";
        /**
         * GraphNode
         * @description A task as the graph view draws it: what tells it apart and its status.
         */
        GraphNode: {
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /** Namespace */
            namespace: string;
            /** Family */
            family: string;
            status: components["schemas"]["TaskStatus"];
            /** Parameters */
            parameters: {
                [key: string]: unknown;
            };
            /**
             * Depth
             * @description edges from the asked task (0 = itself)
             */
            depth: number;
        };
        /** Health */
        Health: {
            /** Status */
            status: string;
            /** Schema Revision */
            schema_revision: string | null;
            /** Version */
            version: string;
            /**
             * Auth
             * @description whether /api/v1 needs an API key
             */
            auth: boolean;
        };
        /** LeaseAcquire */
        LeaseAcquire: {
            /** Holder */
            holder: string;
            /** Ttl Seconds */
            ttl_seconds: number;
            /** Build Id */
            build_id?: string | null;
        };
        /** LeasePublic */
        LeasePublic: {
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /** Granted */
            granted: boolean;
            /** Holder */
            holder: string;
            /** Build Id */
            build_id: string | null;
            /**
             * Acquired At
             * Format: date-time
             */
            acquired_at: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
        };
        /** LeaseRelease */
        LeaseRelease: {
            /** Holder */
            holder: string;
        };
        /** LeaseReleased */
        LeaseReleased: {
            /** Released */
            released: boolean;
        };
        /** LeaseRenew */
        LeaseRenew: {
            /** Holder */
            holder: string;
            /** Ttl Seconds */
            ttl_seconds: number;
        };
        /** LogBatch */
        LogBatch: {
            /**
             * Records
             * @description at most 5,000 records per request or event (413 beyond)
             */
            records: components["schemas"]["LogRecord"][];
        };
        /** LogRecord */
        LogRecord: {
            /**
             * Timestamp
             * Format: date-time
             */
            timestamp: string;
            /**
             * Level
             * @default INFO
             * @enum {string}
             */
            level: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";
            /**
             * Logger
             * @default
             */
            logger: string;
            /**
             * Message
             * @description at most 64 KiB of UTF-8 (413 beyond)
             */
            message: string;
            /**
             * Stream
             * @default log
             * @enum {string}
             */
            stream: "log" | "stdout" | "stderr";
            /**
             * Seq
             * @description position in the run's log, from 0, numbered by the client; a record whose (run, seq) is stored already is a replay and skipped. Without it the server numbers the record after the run's last one.
             */
            seq?: number | null;
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
            /**
             * Message
             * @description at most 64 KiB of UTF-8 (413 beyond)
             */
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
            /**
             * Removed Before
             * @description set when the log retention removed this run's records stamped before this time (the run started before it); null when none were removed
             */
            removed_before?: string | null;
        };
        /** LogsAppended */
        LogsAppended: {
            /** Appended */
            appended: number;
        };
        /** LogsAppendedEvent */
        LogsAppendedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "logs_appended";
            /**
             * Run Id
             * Format: uuid
             */
            run_id: string;
            /**
             * Records
             * @description at most 5,000 records per request or event (413 beyond)
             */
            records: components["schemas"]["LogRecord"][];
        };
        /** OidcConfig */
        OidcConfig: {
            /**
             * Issuer
             * @description the OpenID Connect issuer (its discovery document's base)
             */
            issuer: string;
            /**
             * Client Id
             * @description the UI's public client id at the issuer
             */
            client_id: string;
            /**
             * Scope
             * @description OAuth scopes to ask for
             */
            scope: string;
        };
        /** RelatedTask */
        RelatedTask: {
            /**
             * Task Id
             * Format: uuid
             */
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
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /** Items */
            items: components["schemas"]["RelatedTask"][];
            /** Truncated */
            truncated: boolean;
        };
        /**
         * ReportedTaskState
         * @description The build task states a client reports directly (the others follow the runs).
         * @enum {string}
         */
        ReportedTaskState: "pending" | "skipped" | "upstream_failed" | "cancelled";
        /** RunCreate */
        RunCreate: {
            /**
             * Run Id
             * Format: uuid
             */
            run_id: string;
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /** Build Id */
            build_id?: string | null;
            /** Started At */
            started_at?: string | null;
            /** User */
            user?: string | null;
            /** Host */
            host?: string | null;
            /** Commit Hash */
            commit_hash?: string | null;
        };
        /** RunFinish */
        RunFinish: {
            status: components["schemas"]["FinishStatus"];
            /** Finished At */
            finished_at?: string | null;
            /** Error Message */
            error_message?: string | null;
            /** Traceback */
            traceback?: string | null;
        };
        /** RunFinished */
        RunFinished: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "run_finished";
            /**
             * Run Id
             * Format: uuid
             */
            run_id: string;
            finish: components["schemas"]["RunFinish"];
        };
        /** RunHeartbeat */
        RunHeartbeat: {
            /** At */
            at?: string | null;
        };
        /** RunHeartbeatEvent */
        RunHeartbeatEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "run_heartbeat";
            /**
             * Run Id
             * Format: uuid
             */
            run_id: string;
            /** At */
            at?: string | null;
        };
        /** RunPublic */
        RunPublic: {
            /**
             * Run Id
             * Format: uuid
             */
            run_id: string;
            /**
             * Task Id
             * Format: uuid
             */
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
        /** RunStarted */
        RunStarted: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "run_started";
            run: components["schemas"]["RunCreate"];
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
        /** StreamSession */
        StreamSession: {
            /**
             * Stream Path
             * @description where the cookie is sent (only there)
             */
            stream_path: string;
        };
        /** StreamSignedOut */
        StreamSignedOut: {
            /** Signed Out */
            signed_out: boolean;
        };
        /** TaskBatchCreate */
        TaskBatchCreate: {
            /** Tasks */
            tasks: components["schemas"]["TaskCreate"][];
        };
        /** TaskBatchResult */
        TaskBatchResult: {
            /**
             * Registered
             * @description tasks in the request
             */
            registered: number;
            /**
             * Created
             * @description tasks that were new to the registry
             */
            created: number;
        };
        /**
         * TaskCreate
         * @description One task to register, with the ids of the tasks it depends on.
         */
        TaskCreate: {
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /**
             * Namespace
             * @default
             */
            namespace: string;
            /** Family */
            family: string;
            /** Version */
            version?: string | null;
            /** Parameters */
            parameters?: {
                [key: string]: unknown;
            };
            /** Task Data */
            task_data?: {
                [key: string]: unknown;
            };
            /** Output Uri */
            output_uri?: string | null;
            /** Dependencies */
            dependencies?: string[];
            /** User */
            user?: string | null;
            /** Host */
            host?: string | null;
            /** Commit Hash */
            commit_hash?: string | null;
            /** Created At */
            created_at?: string | null;
            /**
             * Complete
             * @description the client found the task complete without running it: a new task is registered completed, an existing pending one becomes completed
             * @default false
             */
            complete: boolean;
        };
        /** TaskDetail */
        TaskDetail: {
            /**
             * Task Id
             * Format: uuid
             */
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
            /**
             * Root Id
             * Format: uuid
             */
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
            /**
             * Task Id
             * Format: uuid
             */
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
        /** TaskRegistered */
        TaskRegistered: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "task_registered";
            task: components["schemas"]["TaskCreate"];
        };
        /** TaskRunStats */
        TaskRunStats: {
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /** Namespace */
            namespace: string;
            /** Family */
            family: string;
            /** Parameters */
            parameters: {
                [key: string]: unknown;
            };
            /** Runs */
            runs: number;
            /** Failed */
            failed: number;
            /** Max Seconds */
            max_seconds: number | null;
            /** Mean Seconds */
            mean_seconds: number | null;
            /** Last Error */
            last_error: string | null;
        };
        /**
         * TaskSort
         * @enum {string}
         */
        TaskSort: "updated_desc" | "updated_asc" | "created_desc" | "created_asc";
        /**
         * TaskStateReport
         * @description A state the build gave a task it did not run (or has not run yet).
         */
        TaskStateReport: {
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            state: components["schemas"]["ReportedTaskState"];
            /**
             * Cause Task Id
             * @description for upstream_failed: the failed upstream task
             */
            cause_task_id?: string | null;
            /**
             * At
             * @description client time of the decision
             */
            at?: string | null;
        };
        /**
         * TaskStatesReported
         * @description States a build gave tasks it did not run: skipped, upstream_failed, cancelled, pending.
         */
        TaskStatesReported: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "task_states";
            /**
             * Build Id
             * Format: uuid
             */
            build_id: string;
            /** States */
            states: components["schemas"]["TaskStateReport"][];
        };
        /** TaskStatsPublic */
        TaskStatsPublic: {
            /** Days */
            days: number;
            /** Slowest */
            slowest: components["schemas"]["TaskRunStats"][];
            /** Most Failing */
            most_failing: components["schemas"]["TaskRunStats"][];
        };
        /**
         * TaskStatus
         * @enum {string}
         */
        TaskStatus: "pending" | "running" | "completed" | "failed" | "upstream_failed";
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health_health_get: {
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
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_task_page_api_v1_tasks_get: {
        parameters: {
            query?: {
                family?: string | null;
                namespace?: string | null;
                status?: components["schemas"]["TaskStatus"][] | null;
                /** @description id prefix, family prefix or parameter value */
                search?: string | null;
                created_after?: string | null;
                created_before?: string | null;
                updated_after?: string | null;
                updated_before?: string | null;
                sort?: components["schemas"]["TaskSort"];
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    register_task_api_v1_tasks_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskCreate"];
            };
        };
        responses: {
            /** @description the task was already registered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskPublic"];
                };
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    register_task_batch_api_v1_tasks_batch_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskBatchCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskBatchResult"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_task_api_v1_tasks__task_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a task id, or a unique prefix of at least 4 hex digits */
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_upstream_api_v1_tasks__task_id__upstream_get: {
        parameters: {
            query?: {
                /** @description edges to follow; 0 = unlimited */
                depth?: number;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description a task id, or a unique prefix of at least 4 hex digits */
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_downstream_api_v1_tasks__task_id__downstream_get: {
        parameters: {
            query?: {
                /** @description edges to follow; 0 = unlimited */
                depth?: number;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description a task id, or a unique prefix of at least 4 hex digits */
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_graph_api_v1_tasks__task_id__graph_get: {
        parameters: {
            query?: {
                direction?: components["schemas"]["Direction"];
                /** @description edges to follow; 0 = unlimited */
                depth?: number;
                /** @description nearest first (the root counts); the rest is cut */
                max_nodes?: number;
            };
            header?: never;
            path: {
                /** @description a task id, or a unique prefix of at least 4 hex digits */
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_compact_graph_api_v1_tasks__task_id__graph_compact_get: {
        parameters: {
            query?: {
                direction?: components["schemas"]["Direction"];
                /** @description edges to follow; 0 = unlimited */
                depth?: number;
                /** @description nearest first (the root counts); the rest is cut */
                max_nodes?: number;
            };
            header?: never;
            path: {
                /** @description a task id, or a unique prefix of at least 4 hex digits */
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
                    "application/json": components["schemas"]["CompactTaskGraph"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_task_runs_api_v1_tasks__task_id__runs_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                /** @description a task id, or a unique prefix of at least 4 hex digits */
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    start_run_api_v1_runs_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    heartbeat_api_v1_runs__run_id__heartbeat_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RunHeartbeat"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    finish_run_api_v1_runs__run_id__finish_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunFinish"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_run_logs_api_v1_runs__run_id__logs_get: {
        parameters: {
            query?: {
                level?: ("DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL") | null;
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    append_run_logs_api_v1_runs__run_id__logs_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LogBatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogsAppended"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_run_api_v1_runs__run_id__get: {
        parameters: {
            query?: never;
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
                    "application/json": components["schemas"]["RunPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_builds_api_v1_builds_get: {
        parameters: {
            query?: {
                limit?: number;
                status?: components["schemas"]["RunStatus"] | null;
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    start_build_api_v1_builds_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BuildCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    finish_api_v1_builds__build_id__finish_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                build_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BuildFinish"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BuildPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_build_api_v1_builds__build_id__get: {
        parameters: {
            query?: {
                task_limit?: number;
            };
            header?: never;
            path: {
                build_id: string;
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
                    "application/json": components["schemas"]["BuildDetail"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    post_events_api_v1_events_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventBatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventsAccepted"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_families_api_v1_families_get: {
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_stats_api_v1_stats_get: {
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
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_family_stats_api_v1_stats_families_get: {
        parameters: {
            query?: {
                /** @description the window: today and the days - 1 UTC days before */
                days?: number;
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
                    "application/json": components["schemas"]["FamilyStatsPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    read_task_stats_api_v1_stats_tasks_get: {
        parameters: {
            query?: {
                /** @description the window: today and the days - 1 UTC days before */
                days?: number;
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
                    "application/json": components["schemas"]["TaskStatsPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_api_keys_api_v1_keys_get: {
        parameters: {
            query?: {
                include_revoked?: boolean;
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
                    "application/json": components["schemas"]["ApiKeysPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_api_key_api_v1_keys_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    revoke_api_key_api_v1_keys__key_id__revoke_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
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
                    "application/json": components["schemas"]["ApiKeyPublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    stream_api_v1_stream_get: {
        parameters: {
            query?: {
                build_id?: string[] | null;
                task_id?: string[] | null;
                run_id?: string[] | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a never-ending `text/event-stream` (server-sent events) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example retry: 2000
                     *     event: ready
                     *     data: {"subscription":"3f2a"}
                     *
                     *     event: changes
                     *     data: [{"kind":"build","build_id":"0b8e5c1e-34f6-4a53-9d55-1f3a3f1b9d2e","status":"completed"}]
                     *
                     *     : keepalive
                     */
                    "text/event-stream": string;
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    take_lease_api_v1_tasks__task_id__lease_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeaseAcquire"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeasePublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    renew_api_v1_tasks__task_id__lease_renew_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeaseRenew"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeasePublic"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    release_api_v1_tasks__task_id__lease_release_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeaseRelease"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaseReleased"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    auth_config_api_v1_auth_config_get: {
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
                    "application/json": components["schemas"]["AuthConfig"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    open_stream_session_api_v1_stream_session_post: {
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
                    "application/json": components["schemas"]["StreamSession"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    close_stream_session_api_v1_stream_session_delete: {
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
                    "application/json": components["schemas"]["StreamSignedOut"];
                };
            };
            /** @description the body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description no valid API key (only when auth is on) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the API key lacks the scope, or a cross-site write */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description unknown task, run or build */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description ambiguous id prefix, or a conflicting write */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description body, batch or log record over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input; `detail` names the field */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the database cannot be reached */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
}
