"""Lessons say which month their evidence was last checked ("Evidence as of December 2026")."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('learn', '0007_statuschange_moves_to_publishing'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='evidence_as_of',
            field=models.DateField(blank=True, help_text='The month an editor last checked the research behind this lesson. Readers see the month and year only; the day is ignored. Leave empty to show nothing.', null=True, verbose_name='evidence as of'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='evidence_as_of',
            field=models.DateField(blank=True, help_text='The month an editor last checked the research behind this lesson. Readers see the month and year only; the day is ignored. Leave empty to show nothing.', null=True, verbose_name='evidence as of'),
        ),
    ]
