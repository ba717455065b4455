"""Development: DEBUG on and a throwaway secret, for one developer's machine only."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-deploy")  # noqa: S105
ALLOWED_HOSTS = ["*"]
