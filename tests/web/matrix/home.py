from django.urls import reverse

from tests.conftest import ROLES
from tests.web.matrix import Row

ROWS = [Row("home", lambda w: reverse("home"), expect=dict.fromkeys(ROLES, 200))]
