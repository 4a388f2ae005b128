import { AlertTriangle, RefreshCw } from "lucide-react";

import { describeError } from "@/api/errors";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** An error the user can act on: what happened, what to do, and a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { title, hint } = describeError(error);
  return (
    <Alert variant="destructive" data-testid="error-state">
      <AlertTriangle />
      <div className="flex-1">
        <AlertTitle>{title}</AlertTitle>
        <AlertDescription>{hint}</AlertDescription>
      </div>
      {onRetry && (
        <Button variant="outline" size="sm" onClick={onRetry} className="self-center">
          <RefreshCw /> Retry
        </Button>
      )}
    </Alert>
  );
}
