"""WSGI entry point (gunicorn shopkeep.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopkeep.settings")
application = get_wsgi_application()

from shopkeep.privacy.keys import keys_verify  # noqa: E402  (needs the apps loaded above)

# A worker with keys that do not fit the database must not serve (README: Keys and rotation).
keys_verify()
