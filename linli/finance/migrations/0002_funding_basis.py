"""The funding basis: which kinds of household count, on which day; runs keep their snapshot.

Parameter sets that exist take the defaults (户籍 and 常住 households, active on 31 December of
the year before). Runs made before keep what they were (every active household when computed:
`counted_kinds` empty) and are chained to the run before them of the same year.
"""

import django.db.models.deletion
from django.db import migrations, models


def chain_runs(apps, schema_editor):
    FundingRun = apps.get_model("finance", "FundingRun")
    last = {}
    for run in FundingRun.objects.order_by("year", "computed_at", "id"):
        if run.year in last:
            FundingRun.objects.filter(pk=run.pk).update(previous_id=last[run.year])
        last[run.year] = run.pk


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="fundingline",
            name="households_by_kind",
            field=models.JSONField(blank=True, default=dict, verbose_name="households by kind"),
        ),
        migrations.AddField(
            model_name="fundingparameters",
            name="count_floating",
            field=models.BooleanField(
                default=False, verbose_name="count floating-population households (流动)"
            ),
        ),
        migrations.AddField(
            model_name="fundingparameters",
            name="count_registered",
            field=models.BooleanField(default=True, verbose_name="count registered households (户籍)"),
        ),
        migrations.AddField(
            model_name="fundingparameters",
            name="count_resident",
            field=models.BooleanField(
                default=True, verbose_name="count resident households registered elsewhere (常住)"
            ),
        ),
        migrations.AddField(
            model_name="fundingparameters",
            name="reference_date",
            field=models.DateField(
                blank=True,
                help_text="Households active at the end of this day count. Empty: 31 December of the year before.",
                null=True,
                verbose_name="reference date",
            ),
        ),
        migrations.AddField(
            model_name="fundingrun",
            name="counted_kinds",
            field=models.CharField(blank=True, max_length=100, verbose_name="households counted"),
        ),
        migrations.AddField(
            model_name="fundingrun",
            name="previous",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="finance.fundingrun",
                verbose_name="previous run",
            ),
        ),
        migrations.AddField(
            model_name="fundingrun",
            name="reference_date",
            field=models.DateField(blank=True, null=True, verbose_name="reference date"),
        ),
        migrations.RunPython(chain_runs, migrations.RunPython.noop),
    ]
