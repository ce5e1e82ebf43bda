import type { Principal, Role } from "@krisstod/contracts";
import { type MintOptions, makePrincipal } from "./issuer.ts";

/**
 * Where a client gets a person's access token: a TestIssuer (it signs one), or a wrapper around
 * the development issuer (its demo users, `<organisation>.<role>`, as the dashboard's tests have).
 */
export interface TokenSource {
  mint(principal: Principal, options?: MintOptions): Promise<string>;
}

/** A service's answer, read once: status, headers, the body as text and (when any) as JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are asserted field by field
  readonly json: any;
}

/** Requests to one service as one signed-in person (a token the test issuer minted for them). */
export interface Caller {
  get(path: string): Promise<Answer>;
  post(path: string, body?: unknown): Promise<Answer>;
  put(path: string, body?: unknown): Promise<Answer>;
  patch(path: string, body?: unknown): Promise<Answer>;
  delete(path: string): Promise<Answer>;
  /**
   * The raw response, for a test that reads a stream, a file or a status: `json` is sent as the
   * JSON body; headers of `init` (e.g. a file's Content-Type) replace the defaults.
   */
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** `Authorization` (and JSON) headers, for a request made some other way. */
  headers(): Promise<Record<string, string>>;
}

/**
 * `client(service, issuer).as(person).post(path, body)`: the one way tests call a service as
 * someone. The person is a Principal (or part of one: makePrincipal fills the rest); each person's
 * token is minted once per client.
 */
export function client(service: { readonly url: string } | string, issuer: TokenSource) {
  const base = typeof service === "string" ? service : service.url;
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (principal: Principal) => {
    const key = JSON.stringify(principal);
    const token = tokens.get(key) ?? issuer.mint(principal, { expiresIn: 600 });
    tokens.set(key, token);
    return token;
  };
  return {
    url: base,
    as(who: Partial<Principal>): Caller {
      const principal = makePrincipal(who);
      const headers = async () => ({
        Authorization: `Bearer ${await tokenOf(principal)}`,
        "Content-Type": "application/json",
      });
      const raw = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
        const { json, ...rest } = init;
        const merged = new Headers(await headers());
        for (const [name, value] of new Headers(rest.headers)) merged.set(name, value);
        return fetch(`${base}${path}`, {
          ...rest,
          headers: merged,
          ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        });
      };
      const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
        const response = await raw(path, {
          method,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return {
          status: response.status,
          headers: response.headers,
          text,
          json: text ? JSON.parse(text) : undefined,
        };
      };
      return {
        get: (path) => call("GET", path),
        post: (path, body = {}) => call("POST", path, body),
        put: (path, body = {}) => call("PUT", path, body),
        patch: (path, body = {}) => call("PATCH", path, body),
        delete: (path) => call("DELETE", path),
        fetch: raw,
        headers,
      };
    },
  };
}
export type Client = ReturnType<typeof client>;

/** A Halland user as the development issuer names its demo users: subject `<organisation>.<role>`. */
function hallandUser(organisationId: string, role: Role, name = `Test ${role}`): Principal {
  return { userId: `${organisationId}.${role}`, name, organisationId, countyCode: "13", roles: [role] };
}

/** The people tests act as: Halland's municipalities, Region Halland and Länsstyrelsen. */
export const halland = {
  halmstadLead: hallandUser("kommun-1380", "posom-lead"),
  /** Holds Halmstad's first authorised function (its list is a POSOM page's: any group). */
  halmstadActivator: hallandUser("kommun-1380", "activator"),
  halmstadStaff: hallandUser("kommun-1380", "centre-staff"),
  laholmLead: hallandUser("kommun-1381", "posom-lead"),
  /** Laholm's kommunchef: holds an authorised function. */
  laholmChief: hallandUser("kommun-1381", "activator", "Karin Chef"),
  /** A member of Laholm's ledningsgrupp: on its call list, holds no authorised function. */
  laholmMember: hallandUser("kommun-1381", "ledningsgrupp"),
  laholmSupport: hallandUser("kommun-1381", "support-person"),
  falkenbergLead: hallandUser("kommun-1382", "posom-lead"),
  varbergLead: hallandUser("kommun-1383", "posom-lead"),
  kungsbackaLead: hallandUser("kommun-1384", "posom-lead"),
  /** Region Halland's förvaltningschef psykiatri: activates PKL. */
  regionChief: hallandUser("region-13", "activator"),
  regionPklLead: hallandUser("region-13", "pkl-lead"),
  regionStaff: hallandUser("region-13", "centre-staff"),
  countyObserver: hallandUser("lansstyrelsen-13", "county-observer"),
} satisfies Record<string, Principal>;
