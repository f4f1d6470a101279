"""Town search keys for GeoNames' names in other scripts, folded so that Persian and Arabic
letter variants (ی/ي, ک/ك, ة/ه) match: a database loaded before this lacks them. Only adds."""

from django.db import migrations

from peers.reference.sync import sync_place_names


class Migration(migrations.Migration):
    dependencies = [("peers", "0009_support_request_waiting_reason")]

    operations = [migrations.RunPython(sync_place_names, migrations.RunPython.noop)]
