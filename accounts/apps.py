from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Connects the login receiver that moves a visitor's work into the account.
        from accounts import signals  # noqa: F401
        from accounts.display_views import profile_display
        from accounts.languages import remember_switcher_choice
        from accounts.time_zones import profile_time_zone
        from core import display, languages, timezones

        # Pages read an account's display settings through core.display, which names no app.
        display.register_account_loader(profile_display)
        # The same for the account's time zone (read once per session, then kept there).
        timezones.register_account_loader(profile_time_zone)
        # The language a signed-in person picks on the switcher is kept for their emails.
        languages.register_language_saver(remember_switcher_choice)
