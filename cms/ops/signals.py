"""Signals of operations for the apps above: caches built from the content listen to them."""

from django.dispatch import Signal

# Sent after a restore has replaced the database's content (and before its files go back).
database_restored = Signal()
