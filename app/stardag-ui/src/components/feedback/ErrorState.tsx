import { AlertTriangle, RefreshCw } from "lucide-react";

import { ApiError, describeError } from "@/api/errors";
import { getApiKey } from "@/auth/api-key";
import { SignIn } from "@/auth/SignIn";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** An error the user can act on: what happened, what to do, and a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 401) return <SignIn rejected={getApiKey() !== null} />;
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
