"""A web worker loads only what serving needs: libraries for rare staff work load when that work is done."""

import json
import os
import subprocess
import sys

# Loaded on first use only: PDF documents (fpdf2 and the font tables it pulls in; pypdf for uploads), picture
# uploads (Pillow), User-Agent tables (ua-parser, when page views are counted). textstat is for tests only.
RARELY_NEEDED = ("fpdf", "fontTools", "pypdf", "PIL", "ua_parser", "yaml", "textstat")

PROGRAM = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "shopkeep.settings"
from django.core.handlers.wsgi import WSGIHandler
import django
django.setup(set_prefix=False)
WSGIHandler()  # the middleware, as gunicorn's workers load it
from django.urls import get_resolver
get_resolver().url_patterns  # every URL module, as the first request loads them
from shopkeep.analytics.countries import country_of
country_of("81.2.69.142")
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_a_web_worker_with_its_url_table_loaded_has_not_imported_the_rarely_needed_libraries(tmp_path):
    # given a fresh interpreter with the shop's settings
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHOPKEEP_", "DJANGO_"))}
    env |= {"SHOPKEEP_DATA_DIR": str(tmp_path)}
    # when it loads the application and every URL module, and looks up a country
    result = subprocess.run([sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    # then none of the heavy, rarely needed libraries is in memory
    assert sorted(loaded & set(RARELY_NEEDED)) == []
