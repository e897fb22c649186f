from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "cookies"
urlpatterns = [
    path(_("cookie-settings/"), views.SettingsPageView.as_view(), name="settings"),
    path(_("cookie-settings/decide/"), views.DecideView.as_view(), name="decide"),
]
