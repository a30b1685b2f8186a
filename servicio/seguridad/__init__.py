"""Transport-level protections of the HTTP API, wired by `instalacion.instalar`:

- `cabeceras`: security headers on every answer (no sniffing, no framing, no referrer, and
  `Cache-Control: no-store` on the staff API, whose answers are personal and authorised);
- `cors`: cross-origin reads allowed only on `/portal`, only for the configured origins;
- `intentos`: failed-token throttling per client address (429 with Retry-After);
- a last-resort 500 handler, so that even an unexpected error answers problem+json.
"""
