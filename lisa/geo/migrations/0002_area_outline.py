import json

import shapely
from django.db import migrations, models

# The value of lisa.lib.geometry.OUTLINE_TOLERANCE_DEGREES when this migration was
# written; a migration keeps its own copy so that it always does the same thing.
OUTLINE_TOLERANCE_DEGREES = 0.0001


def fill_outlines(apps, schema_editor):
    """Compute the map outline of the areas imported before the outline existed."""
    Area = apps.get_model("geo", "Area")
    batch = []
    for area in Area.objects.filter(outline="").only("id", "geometry").iterator(chunk_size=50):
        geometry = shapely.from_geojson(json.dumps(area.geometry))
        area.outline = shapely.to_geojson(
            geometry.simplify(OUTLINE_TOLERANCE_DEGREES), indent=None
        )
        batch.append(area)
        if len(batch) == 50:
            Area.objects.bulk_update(batch, ["outline"])
            batch = []
    Area.objects.bulk_update(batch, ["outline"])


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="area",
            name="outline",
            field=models.TextField(
                blank=True, editable=False, verbose_name="outline for maps (GeoJSON)"
            ),
        ),
        migrations.RunPython(fill_outlines, migrations.RunPython.noop, elidable=True),
    ]
