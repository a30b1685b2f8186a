"""The service: settings, composition root, application commands, HTTP API, auth and CLI."""
