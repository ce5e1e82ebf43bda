import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { type ActivationApp, createActivationService } from "@krisstod/activation";
import { demoPeople } from "@krisstod/contracts/demo";
import { createReportingService, type ReportingApp } from "@krisstod/reporting";
import { createRosterService, type RosterApp } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { createSupportCentresService, type SupportCentresApp } from "@krisstod/support-centres";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import { hc } from "hono/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_SERVICES,
  type ApiService,
  documentedRoutes,
  documentText,
  mergeDocuments,
  mergedDocumentPath,
} from "../openapi.ts";
import { halmstadLead } from "./support.ts";

/**
 * One API, declared once: every service serves its OpenAPI document open at GET /openapi.json,
 * generated from the same route declarations its guard enforces; the merged document in
 * docs/openapi.json must equal what the services serve (OPENAPI_WRITE=1, `npm run openapi`,
 * rewrites it).
 */
const WRITE = process.env.OPENAPI_WRITE === "1";

type Document = Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };

describe("the API's OpenAPI description", () => {
  let ns: TestNamespace;
  const services: Partial<Record<ApiService, RunningService>> = {};
  const documents: Partial<Record<ApiService, Document>> = {};
  const started = () => Object.entries(services) as [ApiService, RunningService][];

  beforeAll(async () => {
    ns = await createTestNamespace();
    // Demo data in the services, so that a leak of it into the document would show.
    const env = ns.serviceEnv({ DEMO_DATA: true });
    services.roster = await startService(createRosterService(), env);
    services.activation = await startService(createActivationService(), env);
    services["support-centres"] = await startService(createSupportCentresService(), env);
    services.reporting = await startService(createReportingService(), env);
    for (const [name, service] of started()) {
      const response = await fetch(`${service.url}/openapi.json`); // no token
      expect(response.status, name).toBe(200);
      documents[name] = (await response.json()) as Document;
    }
  });
  afterAll(async () => {
    for (const [, service] of started()) await service.stop();
  });

  it("is served without a token by every service, and is valid OpenAPI 3.1", async () => {
    for (const [name, document] of Object.entries(documents)) {
      const result = await new Validator().validate(document);
      expect(result.errors, name).toBeUndefined();
      expect(result.valid, name).toBe(true);
    }
  });

  it("lists every route each service serves, and only those", () => {
    for (const [name, service] of started()) {
      const document = documents[name] as Document;
      const documented = Object.entries(document.paths)
        .flatMap(([path, item]) =>
          Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`),
        )
        .sort();
      const served = service.registeredRoutes.map((r) => `${r.method} ${r.path}`).sort();
      expect(documented, name).toEqual(served);
    }
  });

  it("names on each guarded operation the action its guard enforces, with the roles and a bearer token", () => {
    for (const [name, service] of started()) {
      const document = documents[name] as Document;
      for (const rule of service.routes) {
        const path = rule.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
        const operation = document.paths[path]?.[rule.method.toLowerCase()];
        expect(operation?.["x-krisstod-action"], `${name} ${rule.method} ${rule.path}`).toBe(rule.action);
        expect(operation?.responses, `${name} ${rule.method} ${rule.path}`).toHaveProperty(
          "default.content.application/problem+json",
        );
      }
      const guarded = service.routes.filter((r) => document.paths[r.path.replace(/:(\w+)/g, "{$1}")]);
      expect(guarded.length, name).toBe(service.routes.length);
    }
  });

  it("says what every route answers: its success status carries a schema (the contract for JSON), or is a 204", () => {
    const undescribed: string[] = [];
    for (const [name, document] of Object.entries(documents)) {
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          const responses = (operation.responses ?? {}) as Record<
            string,
            { content?: Record<string, unknown> }
          >;
          const success = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
          const where = `${name} ${method.toUpperCase()} ${path}`;
          if (success.length === 0) undescribed.push(`${where}: no success status`);
          for (const status of success) {
            const content = responses[status]?.content;
            if (status === "204") {
              if (content) undescribed.push(`${where} 204 with a body`);
              continue;
            }
            const media = Object.entries(content ?? {});
            if (media.length === 0) undescribed.push(`${where} ${status}: no body`);
            for (const [type, body] of media) {
              if (!(body as { schema?: unknown }).schema) undescribed.push(`${where} ${status} ${type}`);
            }
          }
        }
      }
    }
    expect(undescribed).toEqual([]);
  });

  it("describes every request body a route reads: handlers read bodies only through what the document lists", () => {
    // A handler that reads its body itself (c.req.json/text/parseBody, the raw stream) leaves it out
    // of the document and of the typed client: JSON bodies go through validate("json", …) or
    // validateBody(…), a streamed file is named by the route's `requestMedia`.
    const streamed: Record<string, string> = {
      "roster/src/people/call-lists.routes.ts": "POST /organisations/{id}/call-lists/import",
    };
    const readsBody =
      /\bc\.req\.(json|text|parseBody|formData|arrayBuffer|blob)\(|\breq\.raw\.body\b|readJsonBody\(/;
    const found: string[] = [];
    for (const name of API_SERVICES) {
      const root = new URL(`../../apps/${name}/src/`, import.meta.url);
      for (const file of readdirSync(root, { recursive: true, encoding: "utf8" })) {
        if (!file.endsWith(".ts")) continue;
        if (readsBody.test(readFileSync(new URL(file, root), "utf8"))) found.push(`${name}/src/${file}`);
      }
    }
    expect(found.sort()).toEqual(Object.keys(streamed).sort());
    for (const [file, operation] of Object.entries(streamed)) {
      const [method = "", path = ""] = operation.split(" ");
      const service = file.split("/")[0] as ApiService;
      expect(documents[service]?.paths[path]?.[method.toLowerCase()], operation).toHaveProperty(
        "requestBody",
      );
    }
    // The routes that take an optional body or a form post as well describe it too.
    const activation = documents.activation as Document;
    for (const path of ["/activations/{id}/close", "/activations/{id}/escalate", "/call-outs/{id}/answer"]) {
      expect(activation.paths[path]?.post, path).toHaveProperty(
        "requestBody.content.application/json.schema",
      );
    }
    expect(activation.paths["/call-outs/{id}/answer"]?.post).toHaveProperty(
      "requestBody.content.application/x-www-form-urlencoded.schema",
    );
  });

  it("holds no personal data: none of the demo people the services hold appears in it", () => {
    const text = JSON.stringify(documents);
    const leaked = demoPeople.filter((p) => text.includes(p.name) || text.includes(p.userId));
    expect(leaked.map((p) => p.name)).toEqual([]);
  });

  it("is checked in as one document for the whole API (docs/openapi.json), with no drift", async () => {
    const document = mergeDocuments(documents);
    const result = await new Validator().validate(document);
    expect(result.errors).toBeUndefined();
    const merged = documentText(document);
    if (WRITE) writeFileSync(mergedDocumentPath, merged);
    const checkedIn = readFileSync(mergedDocumentPath, "utf8");
    expect(checkedIn, "docs/openapi.json is stale: run `npm run openapi`").toBe(merged);
    for (const [name, service] of started()) {
      expect(
        documentedRoutes(name)
          .map((r) => `${r.method} ${r.path} ${r.action}`)
          .sort(),
      ).toEqual(service.routes.map((r) => `${r.method} ${r.path} ${r.action}`).sort());
    }
  });

  it("is what a typed client is built from: hc on each service's exported route types reaches it", async () => {
    const headers = await ns.headers(halmstadLead);
    const activation = hc<ActivationApp>(services.activation?.url ?? "");
    const incidents = await activation.incidents.$get({ query: {} }, { headers });
    expect(incidents.status).toBe(200);
    expect(Array.isArray(await incidents.json())).toBe(true);

    const reporting = hc<ReportingApp>(services.reporting?.url ?? "");
    const picture = await reporting.picture.$get({ query: { county: "13" } }, { headers });
    expect(picture.status).toBe(200);
    expect(await picture.json()).toHaveProperty("incidents");

    const roster = hc<RosterApp>(services.roster?.url ?? "");
    const organisation = await roster.organisations[":id"].$get(
      { param: { id: "kommun-1380" } },
      { headers },
    );
    expect(organisation.status).toBe(200);
    expect((await organisation.json()).name).toBe("Halmstads kommun");

    const supportCentres = hc<SupportCentresApp>(services["support-centres"]?.url ?? "");
    const centres = await supportCentres.centres.$get({ query: { county: "13" } }, { headers });
    expect(centres.status).toBe(200);
    expect(Array.isArray(await centres.json())).toBe(true);
    const templates = await supportCentres["centre-templates"].$get({ query: {} }, { headers });
    // The demo data's prepared premises (PKL's hospitals), typed by the contract.
    expect((await templates.json()).map((t) => t.name).length).toBeGreaterThan(0);
  });
});
