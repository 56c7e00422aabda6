"""``dyad serve``: a JSON API and web pages over a Dyad store.

The pages and the API are thin layers over ``dyad.api``: every page is rendered from
the same call that backs its JSON twin under ``/api/``. Assets are served from this
package; nothing is fetched from the internet.
"""

from dyad.web.app import create_app, get, serve

__all__ = ["create_app", "get", "serve"]
