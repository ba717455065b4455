from wagtail.snippets.models import register_snippet

from liaisons.viewsets import LiaisonViewSet

register_snippet(LiaisonViewSet)
