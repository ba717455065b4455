"""Phone numbers become SM4-GCM ciphertext, existing rows included (issue 15)."""

import cms.core.crypto.fields
from cms.core.crypto.migration_ops import column_encrypted
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0014_models_moved_to_their_apps'),
    ]

    operations = [
        migrations.AlterField(
            model_name='userprofile',
            name='phone',
            field=cms.core.crypto.fields.EncryptedTextField(blank=True, max_length=32, purpose='cms.userprofile.phone', verbose_name='联系电话'),
        ),
        column_encrypted(app_label='cms', model='UserProfile', field='phone'),
    ]
