import { useRouteError } from "react-router";

import { ErrorState } from "@/components/feedback/ErrorState";

/**
 * Shown instead of a page that threw while rendering (router `errorElement`): the
 * layout and navigation stay usable, and the message says what failed.
 */
export function RouteError() {
  const error = useRouteError();
  return (
    <div className="p-6">
      <ErrorState error={error} onRetry={() => window.location.reload()} />
    </div>
  );
}
