import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# A serving process loads jieba's dictionary (1-3 s) now rather than inside the first page
# save's transaction; commands and tests load it only when they search or index.
from cms.api.search import tokenizer_preload  # noqa: E402

tokenizer_preload()
