// Swagger UI's initializer, in a file of its own: the demo's Content-Security-Policy runs no inline script.
// The document is the demo's /openapi.json, next to /docs/; nothing is sent anywhere else (no validator badge).
window.ui = SwaggerUIBundle({
  url: new URL("../openapi.json", document.baseURI).href,
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: true,
  showExtensions: true,
  persistAuthorization: false,
  onComplete: () => document.body.setAttribute("data-ready", "true"),
});
