"""The interactive API documentation (/api/docs/): Swagger UI, served by this site.

drf-spectacular's own Swagger template starts Swagger UI with an inline script and styles the
page with an inline <style>; our Content-Security-Policy allows neither. This view renders
templates/api/swagger_ui.html instead, which loads Swagger UI from the sidecar package's static
files and starts it from static/js/api-docs.js, reading its settings from data attributes.
(Redoc is not an option: it injects <style> elements at run time.)
"""

from django.conf import settings
from django.utils.csp import CSP
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView


class ApiDocsView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # drf-spectacular relaxes this header for OAuth pop-ups, which this API does not use.
        del response.headers["Cross-Origin-Opener-Policy"]
        # Swagger UI's stylesheet draws its icons as data: images. Scripts and styles keep
        # the site's policy ('self' only); only images are widened, on this page only.
        img_src = [*settings.SECURE_CSP.get("img-src", [CSP.SELF]), "data:"]
        response._csp_config = {**settings.SECURE_CSP, "img-src": img_src}
        return response
