"""REST API, versioned under /api/v1/ (see docs/architecture.md)."""

urlpatterns = []
