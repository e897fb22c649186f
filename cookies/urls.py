app_name = "cookies"
urlpatterns: list = []
