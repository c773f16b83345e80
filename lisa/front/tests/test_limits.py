from django.test import RequestFactory

from lisa.front.limits import over_limit, too_many


def test_it_refuses_a_form_sent_too_often_from_one_address(db, settings):
    settings.LISA_RATE_LIMITS = {**settings.LISA_RATE_LIMITS, "report": "3/h"}
    factory = RequestFactory()

    def post_from(address: str):
        return factory.post("/fr/report/", REMOTE_ADDR=address)

    answers = [over_limit(post_from("198.51.100.7"), form="report") for _ in range(4)]
    assert answers == [False, False, False, True]
    # Another address has its own count.
    assert over_limit(post_from("198.51.100.8"), form="report") is False


def test_the_refusal_is_a_page_in_the_visitors_language(db, settings):
    from django.utils import translation

    request = RequestFactory().post("/nl/report/")
    with translation.override("nl"):
        response = too_many(request)
    assert response.status_code == 429
    assert "Te veel" in response.content.decode()
