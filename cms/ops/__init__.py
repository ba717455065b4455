"""Running the site: health probes, request ids and structured logs (see README, Operations)."""
