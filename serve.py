"""Start the app with one router: ``python serve.py [streamlit options]``.

Streamlit 1.67 decides per server process whether the app uses the legacy ``pages/``
folder router, and it decides before the first script run: a ``pages/`` folder next to
app.py makes the very first request after start-up go through the legacy router (a deep
link such as /map then gets the legacy sidebar, and /league-table a "Page not found"
dialog), until app.py's ``st.navigation`` switches it off. Switching it off before the
server starts gives every request, the first included, the same ``st.navigation`` router.
``make run`` and the end-to-end tests start the app this way. It also installs the site's HTTP
hygiene (security headers, deep-link redirects): explorer/web.py.
"""
import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from explorer import web

APP = Path(__file__).resolve().parent / "app.py"


def main(argv: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    web.install()  # security headers; deep links with extra segments redirected (explorer/web.py)
    return cli.main(["run", str(APP), *argv], standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
