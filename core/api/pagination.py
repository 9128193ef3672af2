"""Page-number pagination for every list: `?page=N&page_size=M`."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageNotFound(NotFound):
    default_detail = _("That page does not exist. Pages start at 1; see `count` for the total.")


class Pagination(PageNumberPagination):
    """20 items a page by default; `page_size` up to 100 (a larger value gives 100).

    A page past the end, or a `page` that is not a number, is a 404 in the error format.
    A `page_size` that is not a positive number is ignored (the default applies).
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = _(
        "Items per page: 1 to %(max)d (default %(default)d). Larger values give %(max)d."
    ) % {"max": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE}
    page_query_description = _("Page number, starting at 1.")
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise PageNotFound() from exc

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        properties = paginated["properties"]
        properties["count"]["description"] = "How many items there are on all pages."
        for name, page in (("next", 4), ("previous", 2)):
            properties[name]["example"] = f"https://ms.example.org/api/v1/articles/?page={page}"
        return paginated

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = MAX_PAGE_SIZE
        return parameters
