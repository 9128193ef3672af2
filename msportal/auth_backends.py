"""The login lockout backend (django-axes), for logins that come from a web request."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuse logins for an account or address that is locked out after wrong passwords.

    Every HTTP login (site, admin, API token) passes the request, and only those can be
    counted per address. A login without one (the test client's login(), a shell) has no
    address to count, so it is left to the next backend instead of raising an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
