"""The address a request came from, for rate limits and login lockouts (never for logs).

Behind a load balancer every request arrives from the balancer's address, so locking out "the
address" would lock out everyone at once. With DJANGO_TRUSTED_PROXY_COUNT set to the number of
proxies in front of the app, the client is read from X-Forwarded-For instead: each proxy
appends the address it saw, so the Nth entry from the right is the one our outermost proxy
wrote. Entries further left came from the client and can be forged, so they are never used.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address as text, or None when there is none we can trust."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return _valid(forwarded[-proxies])
    return _valid(request.META.get("REMOTE_ADDR", ""))
