"""Idempotent writes: an `Idempotency-Key` header on any POST makes retries safe.

A retried request (same key, same user) with the same method, path, query and body gets the
first response (status and body, plus `Idempotent-Replayed: true`) and writes nothing new; the
same key with a different request answers 422.

Why an event-sourced index aggregate rather than a side table: the reservation
(`dominio.idempotencia.Idempotencia`, id = uuid5(user, key)) is saved in the *same atomic save*
as the command's events (`Secretaria._guardar` adds it), in the same database, on SQLite and
PostgreSQL alike, with no schema of its own. So there is no window in which a command took effect
but its key is not yet used: a retry after a crash, or a twin racing in another process, can
never apply the command twice (the twin's save conflicts on the reservation's version and is
answered with the winner's response). A side table written after the command would leave such a
window, and a retry in it would register a second document.

The answer itself is recorded as a second event on the reservation just before it is sent. If
the process dies in between, the retry rebuilds the answer from the aggregate and version the
reservation names (see `respuestas`). Requests that fail write nothing and are not recorded: a
retry runs them again.

Modules: `solicitud` (the request in flight), `huella` (request fingerprint), `unidad` (joins the
command's save), `dependencia` (checks the key), `middleware` (records and replays answers),
`respuestas` (the replayed answer), `instalacion` (wiring).
"""
