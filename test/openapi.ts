import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The one OpenAPI document of the whole API (docs/openapi.json): each service's own document
 * (`GET /openapi.json`) under the prefix the gateway serves it at (`/api/<service>/`, see
 * infra/docker/nginx). `npm run openapi` regenerates it; test/e2e/openapi.test.ts fails on drift.
 */
export const API_SERVICES = ["roster", "activation", "support-centres", "reporting"] as const;
export type ApiService = (typeof API_SERVICES)[number];

export const mergedDocumentPath = fileURLToPath(new URL("../docs/openapi.json", import.meta.url));

type Json = Record<string, unknown>;
type Operation = Json & { operationId?: string; tags?: string[] };

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

export function mergeDocuments(documents: Partial<Record<ApiService, Json>>): Json {
  const paths: Record<string, Json> = {};
  const schemas: Record<string, unknown> = {};
  const parameters: Record<string, unknown> = {};
  let securitySchemes: Json = {};
  const tags: Json[] = [];
  for (const service of API_SERVICES) {
    const document = documents[service];
    if (!document) continue;
    const info = document.info as { title: string; description?: string };
    tags.push({ name: service, description: info.description || info.title });
    const components = (document.components ?? {}) as Record<string, Json | undefined>;
    securitySchemes = { ...securitySchemes, ...components.securitySchemes };
    addComponents(schemas, components.schemas, service);
    addComponents(parameters, components.parameters, service);
    for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
      const merged: Json = {};
      for (const [method, value] of Object.entries(item)) {
        if (!METHODS.includes(method)) {
          merged[method] = value;
          continue;
        }
        const operation = value as Operation;
        merged[method] = {
          ...operation,
          tags: [service],
          // Unique across services: every service has e.g. GET /audit.
          operationId: `${camel(service)}_${operation.operationId ?? `${method}${path}`}`,
        };
      }
      paths[`/api/${service}${path}`] = merged;
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Krisstöd API",
      version: "1",
      description:
        "Every route of the four Krisstöd services, as the gateway serves them under /api/<service>/. " +
        "Each service also serves its own document at GET /openapi.json (generated from its routes' " +
        "declarations), and in development an interactive reference at GET /reference.",
    },
    servers: [{ url: "/", description: "The dashboard's origin (its gateway proxies /api/<service>/)" }],
    tags,
    paths,
    components: {
      ...(Object.keys(schemas).length > 0 ? { schemas } : {}),
      ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
      securitySchemes,
    },
  };
}

/** Two services' components of one name must be the same, or a `$ref` would point at the wrong one. */
function addComponents(into: Record<string, unknown>, from: Json | undefined, service: string): void {
  for (const [name, value] of Object.entries(from ?? {})) {
    if (name in into && JSON.stringify(into[name]) !== JSON.stringify(value))
      throw new Error(`${service}: component ${name} differs from another service's`);
    into[name] = value;
  }
}

function camel(service: string): string {
  return service.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function documentText(document: Json): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The routes of one service as the checked-in document lists them ({method, path} in Hono's
 * `:param` spelling), for tests that must enumerate every route before any service starts; the
 * drift test keeps the document equal to what the services serve.
 */
export function documentedRoutes(service: ApiService): { method: string; path: string; action: string }[] {
  const document = JSON.parse(readFileSync(mergedDocumentPath, "utf8")) as { paths: Record<string, Json> };
  const prefix = `/api/${service}`;
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith(`${prefix}/`))
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(
          ([method, op]) => METHODS.includes(method) && typeof (op as Json)["x-krisstod-action"] === "string",
        )
        .map(([method, op]) => ({
          method: method.toUpperCase(),
          path: path.slice(prefix.length).replace(/\{([^}]+)\}/g, ":$1"),
          action: (op as Json)["x-krisstod-action"] as string,
        })),
    );
}
