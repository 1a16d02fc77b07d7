"""The search page as the tests read it: one request, and the objects it found."""

from django.urls import reverse

URL = reverse("search:search")


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def found(response):
    """The objects on the results page, in order."""
    return [result.object for result in response.context["results"]]
