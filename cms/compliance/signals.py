"""Signal receivers of the compliance watch, connected from ``ComplianceConfig.ready``."""


def connect() -> None:
    return None
