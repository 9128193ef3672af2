"""Page-number pagination for every list: `?page=N&page_size=M`."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageNotFound(NotFound):
    default_detail = _("That page does not exist. Pages start at 1; see `count` for the total.")


def _number_error(value, maximum):
    """Why `value` (a query parameter, None when absent) is not a whole number 1..maximum."""
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        return _("Send a whole number from 1.")
    if maximum is not None and int(value) > maximum:
        return _("Send a whole number from 1 to %(max)d.") % {"max": maximum}
    return None


class Pagination(PageNumberPagination):
    """20 items a page by default; `page_size` from 1 to 100.

    As the schema says: a `page` or `page_size` that is not a whole number from 1 (or a
    `page_size` over 100) is a 400 in the error format, with the reason under `details`; a
    page past the end is a 404.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = _("Items per page: 1 to %(max)d (default %(default)d).") % {
        "max": MAX_PAGE_SIZE,
        "default": DEFAULT_PAGE_SIZE,
    }
    page_query_description = _("Page number, starting at 1.")
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        errors = {
            name: [message]
            for name, maximum in (
                (self.page_query_param, None),
                (self.page_size_query_param, MAX_PAGE_SIZE),
            )
            if (message := _number_error(request.query_params.get(name), maximum))
        }
        if errors:
            raise ValidationError(errors)
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
