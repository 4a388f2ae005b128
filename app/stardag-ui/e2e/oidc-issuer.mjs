#!/usr/bin/env node
/**
 * A standard OpenID Connect issuer for tests: panva's certified `oidc-provider`, on a
 * loopback port, with its development login pages (any user name, any password).
 *
 *   node e2e/oidc-issuer.mjs --port 0 --jwks keys.json --ui-client stardag-ui \
 *        --redirect-uri http://127.0.0.1:8420/auth/callback --audience urn:stardag:registry
 *
 * Clients: the UI (public: Authorization Code + PKCE) and, for API tests, two
 * confidential clients with the client-credentials grant: `tests-read` and
 * `tests-write`. Access tokens are JWTs for `--audience`, signed with the private
 * keys in `--jwks` (so tests can also sign tokens the issuer would never issue).
 * The claim `stardag_scopes` carries "stardag:write" for users whose name starts with
 * "writer" and for `tests-write`; others get no Stardag scope (the registry then
 * grants read). Prints "issuer <url>" once listening; stops on SIGTERM.
 */
import { readFileSync } from "node:fs";

import Provider from "oidc-provider";

import { parseArgs } from "./browser.mjs";

const args = parseArgs(process.argv.slice(2));
for (const required of ["jwks", "ui-client", "redirect-uri", "audience"]) {
  if (!args[required]) {
    console.error(`missing --${required}`);
    process.exit(2);
  }
}
const port = Number(args.port ?? 0);
const audience = String(args.audience);
const SCOPE_CLAIM = "stardag_scopes";
const TEST_SECRET = "stardag-test-client-secret";

function stardagScopes(token) {
  const who = token.accountId ?? token.clientId ?? "";
  return who.startsWith("writer") || who === "tests-write" ? ["stardag:write"] : [];
}

function configuration() {
  return {
    clients: [
      {
        client_id: String(args["ui-client"]),
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code"],
        response_types: ["code"],
        redirect_uris: [String(args["redirect-uri"])],
      },
      ...["tests-read", "tests-write"].map((client_id) => ({
        client_id,
        client_secret: TEST_SECRET,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
      })),
    ],
    jwks: JSON.parse(readFileSync(String(args.jwks), "utf8")),
    cookies: { keys: ["stardag-test-issuer-cookie-key"] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "openid",
          audience,
          accessTokenFormat: "jwt",
          accessTokenTTL: 600,
        }),
      },
    },
    extraTokenClaims: (_ctx, token) => ({ [SCOPE_CLAIM]: stardagScopes(token) }),
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  };
}

// The issuer URL must be known before the provider exists, so bind first.
const { createServer } = await import("node:http");
const server = createServer();
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, configuration());
provider.on("server_error", (_ctx, error) => console.error("issuer error:", error));
server.on("request", provider.callback());
console.log(`issuer ${issuer}`);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
