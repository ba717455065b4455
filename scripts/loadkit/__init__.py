"""The parts of scripts/load.py: private services in a temporary directory (``services``), the
API load generator and its figures (``traffic``), approvers and uploads over HTTP (``admin``),
the database checks after the run (``checks``)."""
