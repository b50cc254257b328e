"""A team's owning organization becomes a foreign key to `organizations.Organization`.

The text column `organization_code` is carried over: a code naming an existing organization links
the team to it (and the team's area becomes that organization's community, which is what scoping
filters on); a code that names no organization is refused rather than lost.
"""

import django.db.models.deletion
from django.db import migrations, models


def carry(apps, schema_editor):
    Team = apps.get_model("volunteers", "Team")
    Organization = apps.get_model("organizations", "Organization")
    for team in Team.objects.exclude(organization_code=""):
        org = Organization.objects.filter(code=team.organization_code).first()
        if org is None:
            raise RuntimeError(
                f"team {team.code} names organization {team.organization_code!r}, which does not exist"
            )
        team.organization_id = org.pk
        team.area_id = org.community_id
        team.save(update_fields=["organization", "area"])


def back(apps, schema_editor):
    Team = apps.get_model("volunteers", "Team")
    Organization = apps.get_model("organizations", "Organization")
    codes = dict(Organization.objects.values_list("pk", "code"))
    for team in Team.objects.exclude(organization=None):
        team.organization_code = codes[team.organization_id]
        team.save(update_fields=["organization_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_organizations_party_contracts"),
        ("volunteers", "0001_volunteers_teams_activities_ledger"),
    ]

    operations = [
        migrations.AddField(
            model_name="team",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.organization",
                verbose_name="organization",
            ),
        ),
        migrations.RunPython(carry, back),
        migrations.RemoveField(model_name="team", name="organization_code"),
    ]
