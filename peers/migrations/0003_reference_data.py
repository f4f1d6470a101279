from django.db import migrations

from peers.reference.sync import sync_reference_data


class Migration(migrations.Migration):
    dependencies = [("peers", "0002_profiles")]

    operations = [migrations.RunPython(sync_reference_data, migrations.RunPython.noop)]
