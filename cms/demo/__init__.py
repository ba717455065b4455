"""A realistic Chinese demo site of 秀英党建网, built by ``manage.py seed_demo``."""
