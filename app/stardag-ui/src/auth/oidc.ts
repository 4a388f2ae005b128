/**
 * Sign-in through the registry's OpenID Connect issuer, when it has one
 * (STARDAG_OIDC_ISSUER on the server; `GET /api/v1/auth/config` says so).
 *
 * oidc-client-ts runs the Authorization Code flow with PKCE: the page goes to the
 * issuer, comes back to `/auth/callback` with a code, and exchanges it (with the PKCE
 * verifier kept in this tab's sessionStorage) for an access token. That token then
 * travels exactly like an API key: as a bearer token from `auth/api-key.ts`'s store.
 * When it expires the API answers 401 and the sign-in prompt comes back.
 */
import { useQuery } from "@tanstack/react-query";
import { UserManager, WebStorageStateStore } from "oidc-client-ts";

import { api, unwrap } from "@/api/client";
import type { components } from "@/api/schema.gen";
import { setApiKey } from "@/auth/api-key";

export type AuthConfig = components["schemas"]["AuthConfig"];
export type OidcConfig = components["schemas"]["OidcConfig"];

export const CALLBACK_PATH = "/auth/callback";

/** The server's sign-in options (public, fetched once per page load). */
export function useAuthConfig() {
  return useQuery({
    queryKey: ["auth", "config"],
    queryFn: fetchAuthConfig,
    staleTime: Infinity,
  });
}

export function fetchAuthConfig(): Promise<AuthConfig> {
  return unwrap(api.GET("/api/v1/auth/config"));
}

let manager: { key: string; value: UserManager } | null = null;

function userManager(oidc: OidcConfig): UserManager {
  const key = `${oidc.issuer} ${oidc.client_id} ${oidc.scope}`;
  if (manager?.key !== key) {
    const store = new WebStorageStateStore({ store: window.sessionStorage });
    manager = {
      key,
      value: new UserManager({
        authority: oidc.issuer,
        client_id: oidc.client_id,
        scope: oidc.scope,
        response_type: "code",
        redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
        userStore: store,
        stateStore: store,
        loadUserInfo: false,
        automaticSilentRenew: false,
      }),
    };
  }
  return manager.value;
}

/** Leave for the issuer's sign-in page; come back to `returnTo` afterwards. */
export function signInWithIssuer(oidc: OidcConfig, returnTo: string): Promise<void> {
  return userManager(oidc).signinRedirect({ state: returnTo });
}

/** On `/auth/callback`: trade the code for a token, keep it, and say where to go next. */
export async function completeSignIn(oidc: OidcConfig): Promise<string> {
  const user = await userManager(oidc).signinRedirectCallback();
  setApiKey(user.access_token);
  const returnTo = typeof user.state === "string" ? user.state : "/";
  // Only paths of this site: the state came back through the browser's address bar.
  return returnTo.startsWith("/") && !returnTo.startsWith("//") ? returnTo : "/";
}

/** Forget the issuer's session data kept in this tab (the token itself is in api-key.ts). */
export async function forgetIssuerUser(oidc: OidcConfig | null | undefined): Promise<void> {
  if (oidc) await userManager(oidc).removeUser();
}
