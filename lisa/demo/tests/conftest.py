import pytest


@pytest.fixture(autouse=True)
def _a_demo_site(settings):
    """Tests run with DEBUG off, where seed_demo runs only on a site declared a demo."""
    settings.LISA_DEMO = True
