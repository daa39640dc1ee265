/**
 * The published OpenAPI fragment of the livestream operations (shared/reference, beside the repository in CI too),
 * and a checker for the subset of JSON Schema it uses: type, properties, required, items, enum, nullable, format
 * (date-time, uuid) and $ref to components. Undeclared properties are reported too, so the emulator cannot drift into fields the
 * spec does not have without a test saying so.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const SPEC_PATH = resolve(__dirname, "../../../../shared/reference/realtimekit-livestreams.openapi.json");

export interface Schema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  format?: string;
  required?: string[];
  $ref?: string;
}

interface MediaType {
  schema: Schema;
  examples?: Record<string, { value: unknown }>;
}

interface OperationObject {
  operationId: string;
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

interface SpecDocument {
  paths: Record<string, Record<string, OperationObject | unknown[]>>;
  components: { schemas: Record<string, Schema> };
  "x-historical-paths": Record<string, unknown>;
}

/** One operation of the spec with its success response. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path after `/accounts/{account_id}/realtime/kit/{app_id}`. */
  path: string;
  status: number;
  schema: Schema;
  /** The first example of the success response, when the spec has one. */
  example: unknown;
}

export const SPEC_PREFIX = "/accounts/{account_id}/realtime/kit/{app_id}";

export const spec: SpecDocument = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as SpecDocument;

export function specOperations(): SpecOperation[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter((entry): entry is [string, OperationObject] => !Array.isArray(entry[1]))
      .map(([method, operation]) => {
        const [status, response] = Object.entries(operation.responses)[0];
        const media = response.content?.["application/json"] as MediaType;
        return {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path: path.slice(SPEC_PREFIX.length),
          status: Number(status),
          schema: media.schema,
          example: Object.values(media.examples ?? {})[0]?.value,
        };
      }),
  );
}

/** The operations earlier specs had and the 2026 spec does not, as `[METHOD, path after the prefix]`. */
export function historicalRoutes(): [string, string][] {
  return Object.entries(spec["x-historical-paths"])
    .filter(([path]) => path.startsWith(SPEC_PREFIX))
    .flatMap(([path, item]) =>
      Object.keys(item as object).map((method): [string, string] => [method.toUpperCase(), path.slice(SPEC_PREFIX.length)]),
    );
}

export interface CheckOptions {
  /** Property names whose null is accepted although the schema does not say nullable. */
  nullAllowed?: readonly string[];
}

/** Everything in `value` that does not fit `schema`, as `path: problem` lines (empty when it fits). */
export function checkSchema(schema: Schema, value: unknown, path = "$", options: CheckOptions = {}): string[] {
  if (schema.$ref) return checkSchema(resolveRef(schema.$ref), value, path, options);
  if (value === null) {
    const name = path.split(".").at(-1) ?? "";
    return schema.nullable || options.nullAllowed?.includes(name) ? [] : [`${path}: null where ${schema.type} expected`];
  }
  const actual = typeOf(value);
  if (schema.type && !(actual === schema.type || (schema.type === "number" && actual === "integer"))) {
    return [`${path}: ${actual} where ${schema.type} expected`];
  }
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in enum`];
  if (schema.format && typeof value === "string" && !FORMATS[schema.format]?.test(value)) {
    return [`${path}: ${JSON.stringify(value)} is not ${schema.format}`];
  }
  if (Array.isArray(value)) return schema.items ? value.flatMap((item, i) => checkSchema(schema.items as Schema, item, `${path}[${i}]`, options)) : [];
  if (actual !== "object" || !schema.properties) return [];
  const properties = schema.properties;
  const fields = value as Record<string, unknown>;
  return [
    ...(schema.required ?? []).filter((key) => !(key in fields)).map((key) => `${path}.${key}: required but missing`),
    ...Object.entries(fields).flatMap(([key, field]) =>
      properties[key] ? checkSchema(properties[key], field, `${path}.${key}`, options) : [`${path}.${key}: not declared`],
    ),
  ];
}

const FORMATS: Record<string, RegExp> = {
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function resolveRef(ref: string): Schema {
  const name = ref.replace("#/components/schemas/", "");
  const schema = spec.components.schemas[name];
  if (!schema) throw new Error(`Unresolvable $ref ${ref}`);
  return schema;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The values at a dotted path of a response, `[]` meaning each item of an array, with their `$.` paths. */
export function valuesAt(value: unknown, path: string): [string, unknown][] {
  return path.split(".").reduce<[string, unknown][]>(
    (found, step) =>
      found.flatMap(([at, current]) => {
        const name = step.replace("[]", "");
        const child = (current as Record<string, unknown> | undefined)?.[name];
        if (!step.endsWith("[]")) return [[`${at}.${name}`, child]];
        return Array.isArray(child) ? child.map((item, i): [string, unknown] => [`${at}.${name}[${i}]`, item]) : [];
      }),
    [["$", value]],
  );
}

/** The schema at a dotted path through `properties`, `[]` stepping into `items`. */
export function schemaAt(schema: Schema, path: string): Schema {
  return path.split(".").reduce((current, step) => {
    const property = current.properties?.[step.replace("[]", "")];
    const next = step.endsWith("[]") ? property?.items : property;
    if (!next) throw new Error(`The schema has nothing at ${path}`);
    return next;
  }, schema);
}

/** The key paths of a JSON value (objects recursively, arrays through their first item), sorted. */
export function keyPaths(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [] : keyPaths(value[0], `${path}[]`);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value)
    .flatMap(([key, field]) => [`${path}.${key}`, ...keyPaths(field, `${path}.${key}`)])
    .sort();
}
