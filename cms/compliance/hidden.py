"""Hidden links and hidden text (暗链): placeholder replaced below."""

HIDDEN_TERM = "暗链"
