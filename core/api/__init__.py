"""Cross-cutting code for the REST API (/api/v1/): one error format, pagination, throttles,
authentication, permissions and schema helpers. The endpoints live with their apps
(learn/api/, quizzes/api/); the URL map is msportal/api_urls.py.
"""
