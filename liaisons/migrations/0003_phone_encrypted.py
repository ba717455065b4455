"""Phone numbers become SM4-GCM ciphertext, existing rows included (issue 15)."""

import cms.core.crypto.fields
from cms.core.crypto.migration_ops import column_encrypted, revisions_encrypted
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('liaisons', '0002_contributions_and_scoring'),
        ('wagtailcore', '0091_remove_revision_submitted_for_moderation'),
    ]

    operations = [
        migrations.AlterField(
            model_name='liaison',
            name='phone',
            field=cms.core.crypto.fields.EncryptedTextField(blank=True, max_length=32, purpose='liaisons.liaison.phone', verbose_name='联系电话'),
        ),
        column_encrypted(app_label='liaisons', model='Liaison', field='phone'),
        revisions_encrypted(app_label='liaisons', model='Liaison', field='phone'),
    ]
