from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from jalons.accounts.throttling import clear_failures
from jalons.core.actor import SESSION_KEY, actor_of
from jalons.web.accounts.forms import LoginForm

DEMO_ACCOUNTS = [
    ("cheffe@demo.jalons.fr", "Cheffe de projet PLIE"),
    ("coordination@demo.jalons.fr", "Coordination des parcours"),
    ("conseiller@demo.jalons.fr", "Accompagnateur à l'emploi"),
    ("cre@demo.jalons.fr", "Chargée de relations entreprises"),
    ("clauses@demo.jalons.fr", "Chargé de mission clauses"),
    ("prescripteur@demo.jalons.fr", "Prescripteur (CAF)"),
    ("oi@demo.jalons.fr", "Contrôleuse de l'OI"),
    ("admin@demo.jalons.fr", "Administrateur"),
]


@login_not_required
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        login(request, form.user)
        clear_failures(form.user.email)
        target = request.POST.get("next") or request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return redirect(target)
        return redirect("home")
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": request.GET.get("next", ""),
            "demo_accounts": DEMO_ACCOUNTS if settings.DEMO else [],
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "Vous êtes déconnecté·e.")
    return redirect("login")


@require_POST
def switch_role(request: HttpRequest) -> HttpResponse:
    """Act under another of one's active memberships (the choice is kept in the session)."""
    actor = actor_of(request)
    try:
        wanted = int(request.POST.get("membership", ""))
    except ValueError:
        wanted = -1
    membership = next((m for m in actor.memberships if m.pk == wanted), None)
    if membership is None:
        messages.error(request, "Ce rôle ne vous est pas attribué.")
    else:
        request.session[SESSION_KEY] = membership.pk
        messages.success(
            request, f"Vous agissez désormais en tant que {membership.get_role_display()}."
        )
    return redirect("home")


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
