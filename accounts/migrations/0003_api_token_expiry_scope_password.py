"""API tokens get an expiry, a scope, the address they were last used from, and the
fingerprint of the password they were made under.

Existing tokens keep working: they expire 90 days from this migration, may read and write
(as they could before), and carry the fingerprint of the account's current password, so they
end at the next password change like new ones.
"""

import datetime

from django.db import migrations, models
from django.utils import timezone
from django.utils.crypto import salted_hmac

# The same salt as accounts.api_tokens.FINGERPRINT_SALT (copied: a migration must not change
# when the app's code does).
FINGERPRINT_SALT = "accounts.ApiToken.password_fingerprint"


def _ninety_days_from_now():
    return timezone.now() + datetime.timedelta(days=90)


def fingerprint_existing_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.select_related("user"):
        fingerprint = salted_hmac(FINGERPRINT_SALT, token.user.password, algorithm="sha256")
        ApiToken.objects.filter(pk=token.pk).update(password_fingerprint=fingerprint.hexdigest())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=_ninety_days_from_now, verbose_name="expires"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="write",
                max_length=10,
                verbose_name="scope",
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="read",
                max_length=10,
                verbose_name="scope",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="last_used_ip",
            field=models.GenericIPAddressField(
                blank=True, editable=False, null=True, verbose_name="last used from"
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_fingerprint",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fingerprint_existing_tokens, migrations.RunPython.noop),
    ]
