"""File storage (local folder or S3) and PDF handling (intake checks, text, certification)."""
