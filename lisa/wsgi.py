import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisa.settings")
application = get_wsgi_application()

# Every server process (gunicorn's workers, runserver) builds its locator now,
# before its first request, rather than inside it.
from lisa.geo.locator import build_locator_at_startup  # noqa: E402

build_locator_at_startup()

# Gunicorn builds it once before forking its workers (preload_app): the connection used for
# that must not be shared by the workers, each opens its own.
from django.db import connections  # noqa: E402

for connection in connections.all(initialized_only=True):
    if not connection.in_atomic_block:  # a test that reloads this module keeps its own
        connection.close()
