"""The content API (/api/v1/): views in views.py, serializers in serializers.py, and the
example answers shown in the documentation in examples.py."""
