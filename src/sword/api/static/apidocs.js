/* A readable, offline rendering of the OpenAPI document (all text as text nodes). */
"use strict";

(function () {
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function resolve(spec, schema) {
    let current = schema || {};
    for (let depth = 0; current.$ref && depth < 10; depth += 1) {
      const path = current.$ref.replace(/^#\//, "").split("/");
      current = path.reduce((node, key) => (node ? node[key] : undefined), spec) || {};
    }
    return current;
  }

  function typeOf(spec, schema) {
    const resolved = resolve(spec, schema);
    if (resolved.anyOf) return resolved.anyOf.map((s) => typeOf(spec, s)).join(" | ");
    if (resolved.enum) return resolved.enum.map((v) => JSON.stringify(v)).join(" | ");
    if (resolved.type === "array") return `${typeOf(spec, resolved.items)}[]`;
    let text = resolved.type || resolved.title || "object";
    const limits = [];
    if (resolved.minimum !== undefined) limits.push(`≥ ${resolved.minimum}`);
    if (resolved.maximum !== undefined) limits.push(`≤ ${resolved.maximum}`);
    if (resolved.pattern) limits.push(`pattern ${resolved.pattern}`);
    if (limits.length) text += ` (${limits.join(", ")})`;
    return text;
  }

  function curl(method, path, params) {
    const origin = window.location.origin;
    if (method === "post") {
      return `curl -X POST ${origin}${path} -H "Authorization: Bearer $SWORD_API_TOKEN" `
        + `-H "Content-Type: application/json" -d '{"id": "a1", "text": "…", "date": "2025-07-14"}'`;
    }
    const example = params.filter((p) => p.in === "query").slice(0, 2)
      .map((p) => `${p.name}=…`).join("&");
    return `curl '${origin}${path}${example ? `?${example}` : ""}'`;
  }

  async function start() {
    const spec = await (await fetch("/openapi.json")).json();
    document.getElementById("api-title").textContent = `${spec.info.title} API ${spec.info.version}`;
    document.getElementById("api-description").textContent = spec.info.description || "";
    const root = document.getElementById("operations");
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const section = el("section", "operation");
        const heading = el("h3");
        heading.append(el("code", null, `${method.toUpperCase()} ${path}`));
        section.append(heading);
        if (operation.description) section.append(el("p", null, operation.description));
        const params = operation.parameters || [];
        if (params.length) {
          const table = el("table", "params");
          const head = el("tr");
          for (const title of ["parameter", "in", "type", "default", "meaning"]) {
            head.append(el("th", null, title));
          }
          table.append(head);
          for (const param of params) {
            const row = el("tr");
            const schema = param.schema || {};
            row.append(el("td", null, param.name + (param.required ? " *" : "")));
            row.append(el("td", null, param.in));
            row.append(el("td", null, typeOf(spec, schema)));
            row.append(el("td", null, schema.default === undefined ? "" : JSON.stringify(schema.default)));
            row.append(el("td", null, param.description || schema.description || ""));
            table.append(row);
          }
          section.append(table);
        }
        if (operation.requestBody) {
          section.append(el("p", "meta",
            "Body: one document object or a list of them, with the JSONL fields id, text, "
            + "date, title, source, url, lang (text required)."));
        }
        section.append(el("pre", "curl", curl(method, path, params)));
        root.append(section);
      }
    }
  }

  start().catch((error) => {
    document.getElementById("operations").textContent = `Cannot load /openapi.json: ${error}`;
  });
})();
