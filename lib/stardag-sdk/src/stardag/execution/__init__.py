"""Running a DAG: graph collection, the executor seam, the task runner and ``build``."""
