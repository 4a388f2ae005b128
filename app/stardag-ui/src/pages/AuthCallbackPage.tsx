import { useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { useNavigate } from "react-router";

import { completeSignIn, fetchAuthConfig } from "@/auth/oidc";
import { ErrorState } from "@/components/feedback/ErrorState";

/** Where the OIDC issuer sends the browser back: finish signing in, then go on. */
export function AuthCallbackPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = React.useState<unknown>(null);
  const started = React.useRef(false);

  React.useEffect(() => {
    // The code can be exchanged once only (React's strict mode runs effects twice).
    if (started.current) return;
    started.current = true;
    fetchAuthConfig()
      .then((auth) => {
        if (!auth.oidc) throw new Error("This registry has no sign-in issuer configured.");
        return completeSignIn(auth.oidc);
      })
      .then((returnTo) => {
        void queryClient.resetQueries();
        navigate(returnTo, { replace: true });
      })
      .catch(setError);
  }, [navigate, queryClient]);

  if (error) return <ErrorState error={error} />;
  return (
    <p className="text-sm text-muted-foreground" data-testid="signing-in">
      Signing in…
    </p>
  );
}
