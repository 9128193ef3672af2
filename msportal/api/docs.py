"""The interactive API documentation (/api/docs/): Swagger UI, served by this site.

drf-spectacular's own Swagger template starts Swagger UI with an inline script and styles the
page with an inline <style>; our Content-Security-Policy allows neither. This view renders
templates/api/swagger_ui.html instead, which loads Swagger UI from the sidecar package's static
files and starts it from static/js/api-docs.js, reading its settings from data attributes.
(Redoc is not an option: it injects <style> elements at run time.)
"""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView


class ApiDocsView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # drf-spectacular relaxes this header for OAuth pop-ups, which this API does not use.
        del response.headers["Cross-Origin-Opener-Policy"]
        return response
