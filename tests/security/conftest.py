# The citizen form's fixtures, shared with the web tests.
from tests.web.conftest import form_data, form_url  # noqa: F401
