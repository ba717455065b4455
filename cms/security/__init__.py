"""Upload security: virus scanning (clamd) and content-based file type checks (R-15)."""
