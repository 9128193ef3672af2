"""Dates with their time zone named: `{{ moment|when }}`, `{% current_zone as zone %}`."""

from django import template
from django.utils import timezone

from core import timezones

register = template.Library()


@register.filter
def when(value, fmt="DATETIME_FORMAT"):
    """The moment in the active zone, with the zone's short name: "27 March 2026, 17:00 CET"."""
    return timezones.when(value, fmt) if value else ""


@register.simple_tag
def current_zone():
    """The active zone as people read it: "Europe / Madrid"."""
    return timezones.zone_label(timezone.get_current_timezone_name())
