import { useQueryClient } from "@tanstack/react-query";
import { KeyRound, LogOut } from "lucide-react";
import * as React from "react";

import { getApiKey, setApiKey, subscribeApiKey } from "@/auth/api-key";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function useApiKey(): string | null {
  return React.useSyncExternalStore(subscribeApiKey, getApiKey, () => null);
}

/** Shown where the registry answered 401: ask for an API key, then refetch everything. */
export function SignIn({ rejected }: { rejected: boolean }) {
  const queryClient = useQueryClient();
  const [value, setValue] = React.useState("");
  return (
    <Alert data-testid="sign-in">
      <KeyRound />
      <div className="flex-1 space-y-2">
        <AlertTitle>This registry needs an API key</AlertTitle>
        <AlertDescription>
          {rejected
            ? "The key you gave was not accepted (unknown, revoked or without the read scope)."
            : "Paste a key with the read scope (`stardag keys create --scope read`). It stays in this tab only."}
        </AlertDescription>
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

/** A sign-out button while a key is set. */
export function SignOutButton() {
  const key = useApiKey();
  const queryClient = useQueryClient();
  if (!key) return null;
  return (
    <Button
      variant="ghost"
      size="sm"
      title="Forget the API key in this tab"
      onClick={() => {
        setApiKey(null);
        void queryClient.resetQueries();
      }}
    >
      <LogOut /> Sign out
    </Button>
  );
}
