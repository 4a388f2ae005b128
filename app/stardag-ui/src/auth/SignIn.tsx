import { useQueryClient } from "@tanstack/react-query";
import { KeyRound, LogIn, LogOut } from "lucide-react";
import * as React from "react";
import { useLocation } from "react-router";

import { api } from "@/api/client";
import { getApiKey, setApiKey, subscribeApiKey } from "@/auth/api-key";
import { forgetIssuerUser, signInWithIssuer, useAuthConfig } from "@/auth/oidc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function useApiKey(): string | null {
  return React.useSyncExternalStore(subscribeApiKey, getApiKey, () => null);
}

/** Shown where the registry answered 401: sign in through the registry's OIDC issuer
 * when it has one, or with an API key; then refetch everything. */
export function SignIn({ rejected }: { rejected: boolean }) {
  const queryClient = useQueryClient();
  const location = useLocation();
  const authConfig = useAuthConfig();
  const oidc = authConfig.data?.oidc ?? null;
  const [value, setValue] = React.useState("");
  const [redirectError, setRedirectError] = React.useState<string | null>(null);
  return (
    <Alert data-testid="sign-in">
      <KeyRound />
      <div className="flex-1 space-y-2">
        <AlertTitle>{oidc ? "Sign in to this registry" : "This registry needs an API key"}</AlertTitle>
        <AlertDescription>
          {rejected
            ? "Your key or sign-in was not accepted (unknown, revoked, expired or without the read scope)."
            : "Paste a key with the read scope (`stardag keys create --scope read`). It stays in this tab only."}
        </AlertDescription>
        {oidc && (
          <div className="space-y-1">
            <Button
              size="sm"
              data-testid="sign-in-oidc"
              onClick={() => {
                setRedirectError(null);
                signInWithIssuer(oidc, location.pathname + location.search).catch((error: unknown) =>
                  setRedirectError(error instanceof Error ? error.message : String(error)),
                );
              }}
            >
              <LogIn /> Sign in with {new URL(oidc.issuer).host}
            </Button>
            {redirectError && <p className="text-xs text-destructive">{redirectError}</p>}
          </div>
        )}
        <form
          className="flex gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const key = value.trim();
            if (!key) return;
            setApiKey(key);
            setValue("");
            void queryClient.resetQueries();
          }}
        >
          <Input
            type="password"
            aria-label="API key"
            placeholder="stardag_…"
            autoComplete="off"
            className="h-8 max-w-md text-xs"
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
          <Button type="submit" size="sm">
            Sign in
          </Button>
        </form>
      </div>
    </Alert>
  );
}

/** A sign-out button while a key (or sign-in token) is set. */
export function SignOutButton() {
  const key = useApiKey();
  const queryClient = useQueryClient();
  const authConfig = useAuthConfig();
  if (!key) return null;
  return (
    <Button
      variant="ghost"
      size="sm"
      title="Forget the API key or sign-in in this tab"
      onClick={() => {
        setApiKey(null);
        // The event stream's cookie and the issuer's session data go too.
        void api.DELETE("/api/v1/stream/session").catch(() => undefined);
        void forgetIssuerUser(authConfig.data?.oidc).catch(() => undefined);
        void queryClient.resetQueries();
      }}
    >
      <LogOut /> Sign out
    </Button>
  );
}
