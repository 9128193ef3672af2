"use strict";
// Starts Swagger UI on /api/docs/. A static file because the CSP forbids inline scripts; the
// page passes the schema address, Swagger UI settings and the CSRF token as data attributes.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  const settings = JSON.parse(root.dataset.settings || "{}");
  const csrfHeader = root.dataset.csrfHeader;
  const csrfToken = root.dataset.csrfToken;
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // "Try it out" with the site's session: requests that change data need the CSRF token.
    requestInterceptor: (request) => {
      const method = (request.method || "GET").toUpperCase();
      if (!["GET", "HEAD", "OPTIONS"].includes(method) && csrfHeader && csrfToken) {
        request.headers[csrfHeader] = csrfToken;
      }
      return request;
    },
    ...settings,
  });
});
